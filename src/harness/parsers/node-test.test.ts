import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../repos/test-repo.js';
import { writeTree } from '../../env/detect/testing/tree.js';
import { nodeTestReporterSource } from '../node-test-reporter.js';
import { parseJunit, parsers } from './index.js';

/**
 * node's own test runner on a small project written here: a CommonJS file with a suite (a passing, a
 * failing, a skipped and a todo test, and a suite whose `before` hook fails), an ES module with a
 * top-level test and one with a subtest, and a file that fails to load.
 */
const files = {
  'package.json': '{ "name": "demo", "version": "1.0.0" }\n',
  'test/math.test.js': `const { describe, it, before } = require('node:test');
const assert = require('node:assert');
describe('math', () => {
  it('adds', () => assert.strictEqual(1 + 1, 2));
  it('subtracts', () => assert.strictEqual(3 - 1, 1));
  it.skip('divides', () => {});
  it.todo('multiplies');
  describe('broken setup', () => {
    before(() => { throw new Error('no database'); });
    it('reads', () => {});
  });
});
`,
  'test/top.test.mjs': `import test from 'node:test';
test('top level', () => {});
test('with a subtest', async (t) => {
  await t.test('inner', () => {});
});
`,
  'test/broken.test.js': "require('./missing-module');\n",
};

let root: string;
let report: string;
let log: string;

beforeAll(async () => {
  root = await writeTree(join(await tempDir('lf-node-test-parser-'), 'repo'), files);
  const reporter = join(root, '..', 'reporter.mjs');
  await writeFile(reporter, nodeTestReporterSource);
  const junit = join(root, '..', 'report.xml');
  const run = await execa(
    'node',
    [
      '--test',
      `--test-reporter=${reporter}`,
      `--test-reporter-destination=${junit}`,
      '--test-reporter=spec',
      '--test-reporter-destination=stdout',
    ],
    { cwd: root, reject: false, env: { NO_COLOR: '1' } },
  );
  expect(run.exitCode).toBe(1);
  log = run.stdout;
  report = await import('node:fs/promises').then((fs) => fs.readFile(junit, 'utf8'));
}, 60_000);

afterAll(() => rm(join(root, '..'), { recursive: true, force: true }));

describe("node --test through the judge's reporter", () => {
  it('names every test by file, suites and title; the suite of a failing hook and an unloadable file are errors', () => {
    expect({ ...parseJunit(report, { root }) }).toStrictEqual({
      'test/broken.test.js': 'ERROR',
      'test/math.test.js > math > adds': 'PASSED',
      'test/math.test.js > math > subtracts': 'FAILED',
      'test/math.test.js > math > divides': 'SKIPPED',
      'test/math.test.js > math > multiplies': 'SKIPPED',
      'test/math.test.js > math > broken setup': 'ERROR',
      'test/math.test.js > math > broken setup > reads': 'FAILED',
      'test/top.test.mjs > top level': 'PASSED',
      'test/top.test.mjs > with a subtest': 'PASSED',
      'test/top.test.mjs > with a subtest > inner': 'PASSED',
    });
  });
});

describe('node --test spec output (the text parser)', () => {
  it('names tests by suites and title, without files, and stops before the repeated failures', () => {
    expect({ ...parsers['node-test'](log, { root }) }).toStrictEqual({
      'test/broken.test.js': 'FAILED',
      'math > adds': 'PASSED',
      'math > subtracts': 'FAILED',
      'math > divides': 'SKIPPED',
      'math > multiplies': 'SKIPPED',
      'math > broken setup > reads': 'FAILED',
      'top level': 'PASSED',
      'with a subtest > inner': 'PASSED',
    });
  });
});
