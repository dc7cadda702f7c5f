import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../repos/test-repo.js';
import { readLedger } from '../ledger.js';
import { fixtureSandboxes } from '../repair/testing/repos.js';

let root: string;
const salt = `pretest-${Date.now()}`;
beforeAll(async () => {
  root = await tempDir('lf-detect-pretest-');
});
afterAll(() => rm(root, { recursive: true, force: true }));

/** A TypeScript package whose mocha tests import the `build/` its pretest hook compiles, as yargs-parser's do. */
function compiledRepo(): Record<string, string> {
  return {
    'package.json': JSON.stringify({
      name: 'tscalc',
      version: '1.0.0',
      description: salt,
      scripts: { pretest: 'tsc -p tsconfig.json', test: 'mocha test/*.cjs' },
      devDependencies: { mocha: '11.7.1', typescript: '5.8.3' },
    }),
    'tsconfig.json': JSON.stringify({
      compilerOptions: { outDir: 'build', module: 'commonjs', target: 'es2020' },
      include: ['lib'],
    }),
    '.gitignore': 'build/\n',
    'lib/add.ts': 'export const add = (a: number, b: number): number => a + b;\n',
    'test/add.cjs':
      "const assert = require('node:assert');\nconst { add } = require('../build/add.js');\n" +
      "it('adds', () => assert.strictEqual(add(2, 3), 5));\n",
  };
}

describe('a pretest build in the detected command', () => {
  it('compiles what the tests import before they run: the first attempt passes', async () => {
    const fixture = await fixtureSandboxes(root, 'pretest', compiledRepo(), []);
    const task = await fixture.sandboxes.open(fixture.instance);
    await task.close();
    expect(task.spec.test_cmd.startsWith('(tsc -p tsconfig.json) && { ')).toBe(true);
    const ledger = await readLedger(join(root, 'cache'), fixture.repo);
    const attempts = ledger.flatMap((e) => (e.kind === 'attempt' ? [e] : []));
    expect(attempts.map((e) => [e.phase, e.passed, e.message])).toEqual([['check', true, 'suite: 1 PASSED']]);
  }, 600_000);
});
