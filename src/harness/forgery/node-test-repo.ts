import { mkdir } from 'node:fs/promises';
import { buildExampleRepo } from '../../examples/build.js';
import type { ExampleRepo } from '../../examples/repos/types.js';
import type { TaskInstance } from '../../schema/instance.js';
import { buggyClamp, clampTests } from './js-repos.js';

/**
 * Test support: a small real repository tested with node's built-in runner (`node --test`, no
 * dependencies), with one task: clamp() returns the lower bound for a value above the range. Its tests
 * are in two files, one CommonJS with a `describe`, one an ES module with a top-level test, so the
 * ids show both forms: `test/clamp.test.js > clamp > ...` and `test/order.test.mjs > ...`.
 */

const [inside, below, fixTitle] = clampTests.titles as [string, string, string];
const orderTitle = 'keeps the bounds in order';

const clampTestFile = (f2p: boolean) => {
  const test = (title: string, call: string, expected: number) =>
    `  it('${title}', () => {\n    assert.strictEqual(${call}, ${expected});\n  });\n`;
  const tests = [test(inside, 'clamp(5, 0, 10)', 5), test(below, 'clamp(-3, 0, 10)', 0)];
  if (f2p) tests.push(test(fixTitle, 'clamp(42, 0, 10)', 10));
  return `const { describe, it } = require('node:test');
const assert = require('node:assert');
const { clamp } = require('../src/clamp');

describe('clamp', () => {
${tests.join('\n')}});
`;
};

const orderTestFile = `import test from 'node:test';
import assert from 'node:assert';
import clampModule from '../src/clamp.js';

test('${orderTitle}', () => {
  assert.ok(clampModule.clamp(1, 0, 2) <= 2);
});
`;

const fixedClamp = buggyClamp.replace('if (value > max) return min;', 'if (value > max) return max;');
const clampId = (title: string) => `${clampTests.file} > clamp > ${title}`;

export const nodeTestRepo: ExampleRepo = {
  repo: 'forgery/nodetestkit',
  isTestFile: (path) => path.startsWith('test/'),
  commits: [
    {
      message: 'clamp(), tested with node --test',
      files: {
        'package.json':
          '{\n  "name": "nodetestkit",\n  "version": "1.0.0",\n  "private": true,\n  "scripts": { "test": "node --test" }\n}\n',
        'src/clamp.js': buggyClamp,
        [clampTests.file]: clampTestFile(false),
        'test/order.test.mjs': orderTestFile,
      },
    },
    {
      message: 'clamp: a value above the range comes back as the upper bound',
      files: { 'src/clamp.js': fixedClamp, [clampTests.file]: clampTestFile(true) },
    },
  ],
  tasks: [
    {
      fixCommit: 1,
      problem_statement: 'clamp(42, 0, 10) returns 0; a value above the range should come back as 10.',
      FAIL_TO_PASS: [clampId(fixTitle)],
      PASS_TO_PASS: [clampId(inside), clampId(below)],
    },
  ],
};

/** Builds the node --test repository under `outDir`; its instance ends in `nodetestkit-1`. */
export async function buildNodeTestRepo(
  outDir: string,
): Promise<{ repos: { repo: string; path: string }[]; instances: TaskInstance[] }> {
  await mkdir(outDir, { recursive: true });
  const { repo, path, instances } = await buildExampleRepo(nodeTestRepo, outDir);
  return { repos: [{ repo, path }], instances };
}
