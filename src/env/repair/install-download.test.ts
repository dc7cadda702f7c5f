import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../repos/test-repo.js';
import { expectRuleRepairs } from './testing/expect-rule-repairs.js';

let root: string;
const salt = `download-${Date.now()}`;
beforeAll(async () => {
  root = await tempDir('lf-repair-download-');
});
afterAll(() => rm(root, { recursive: true, force: true }));

/** A mocha project whose dev dependencies include puppeteer, as yargs-parser's do for its browser tests. */
function puppeteerRepo(): Record<string, string> {
  return {
    'package.json': JSON.stringify({
      name: 'browsercalc',
      version: '1.0.0',
      description: salt,
      scripts: { test: 'mocha' },
      devDependencies: { mocha: '11.7.1', puppeteer: '16.2.0' },
    }),
    'index.js': 'exports.add = (a, b) => a + b;\n',
    'test/add.test.js':
      "const assert = require('node:assert');\nconst { add } = require('..');\n" +
      "it('adds', () => assert.strictEqual(add(2, 3), 5));\n",
  };
}

describe('the install-download rule', () => {
  it("fails on puppeteer's Chromium download without the rule; with it skips the download and passes", async () => {
    const { spec, attempts } = await expectRuleRepairs(root, 'download', puppeteerRepo(), {
      rule: 'install-download',
      failure: /first error: npm error code 1; no repair rule recognises/,
      steps: [
        ['build', false, 'install-download'],
        ['check', true, undefined],
      ],
    });
    expect(spec.install[0]).toBe('export PUPPETEER_SKIP_DOWNLOAD=1');
    expect(attempts[1]?.message).toBe('suite: 1 PASSED');
  });
});
