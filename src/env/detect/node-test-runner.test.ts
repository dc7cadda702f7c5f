import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../repos/test-repo.js';
import { detectEnvWithNotes } from './index.js';
import { writeTree } from './testing/tree.js';

let root: string;
let count = 0;
beforeAll(async () => {
  root = await tempDir('lf-detect-node-test-runner-');
});
afterAll(() => rm(root, { recursive: true, force: true }));

const pkg = (extra: object) => JSON.stringify({ name: 'demo', version: '1.0.0', ...extra });
const reporters =
  '--test-reporter="$LF_JUDGE_DIR/node-test-reporter.mjs" --test-reporter-destination={junit} ' +
  '--test-reporter=spec --test-reporter-destination=stdout';

async function detected(files: Record<string, string>) {
  return detectEnvWithNotes(await writeTree(join(root, `repo${count++}`), files));
}

describe("node's built-in test runner", () => {
  it('a test script running node --test (before other checks) is the runner, with the judge reporter', async () => {
    const { spec, notes } = await detected({
      'package.json': pkg({
        scripts: { test: 'node --test && npm run check:type:ts', 'check:type:ts': 'tsc -p .' },
        devDependencies: { typescript: '5' },
      }),
    });
    expect(spec.log_parser).toBe('node-test');
    expect(spec.test_cmd).toBe(`node --test ${reporters} {tests}`);
    expect(spec.install).toEqual([
      'npm pkg delete scripts',
      'npm install --no-audit --no-fund',
      'mkdir -p node_modules',
    ]);
    expect(notes[0]).toBe(
      'test command: node-test options [], spec files [] and variables [] from package.json scripts.test',
    );
  });

  it("keeps node's options and the script's test files; drops the reporters, coverage and watch", async () => {
    const { spec } = await detected({
      'package.json': pkg({
        scripts: {
          test: 'npm run test:unit',
          'test:unit':
            "TZ=UTC node --import tsx --test --experimental-test-coverage --test-reporter dot 'test/**/*.test.ts'",
        },
      }),
    });
    expect(spec.log_parser).toBe('node-test');
    expect(spec.test_cmd).toBe(
      "lf_tests=({tests}); [ ${#lf_tests[@]} -gt 0 ] || lf_tests=('test/**/*.test.ts'); " +
        `node --test --import tsx ${reporters} "\${lf_tests[@]}"`,
    );
    expect(spec.env).toEqual({ TZ: 'UTC' });
  });

  it('a runner named in the script wins; node running a script without --test is none', async () => {
    const mocha = await detected({
      'package.json': pkg({ scripts: { test: 'node --test && mocha' }, devDependencies: { mocha: '10' } }),
    });
    expect(mocha.spec.log_parser).toBe('mocha');
    await expect(
      detected({ 'package.json': pkg({ scripts: { test: 'node scripts/test.js --testing' } }) }),
    ).rejects.toThrow(/a test script running node --test/);
  });
});
