import Docker from 'dockerode';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { diffOf, makeRepo, removeRepo } from '../../harness/fixture-repo.js';
import { judge } from '../../harness/run.js';
import { tempDir } from '../../repos/test-repo.js';
import { providers } from '../../sandbox/index.js';
import { TaskInstance } from '../../schema/instance.js';
import { dockerForTests } from '../../sandbox/test-docker.js';
import type { EnvSpec } from '../../schema/env.js';
import { buildEnvImage, dockerPaths, withBaseImage } from '../build.js';
import { ensureLocalEnv } from '../local-env.js';
import type { PipOptions } from '../pip-options.js';
import { envRuntime } from '../runtime.js';
import { testPipOptions } from '../test-fixtures.js';
import { detectEnvWithNotes } from './index.js';
import { generateLockfile } from './testing/lockfile.js';

const docker = new Docker();
const dockerUp = await dockerForTests('env/detect/detect-judge.test.ts', undefined, docker);
let cache: string;
let pip: PipOptions;
const salt = `detect-judge-${Date.now()}`;
const cleanups: (() => Promise<void>)[] = [];
beforeAll(async () => {
  cache = await tempDir('lf-detect-judge-cache-');
  pip = await testPipOptions();
});
afterAll(() => rm(cache, { recursive: true, force: true }));
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** Builds the spec locally or as a docker image and opens a sandbox on `dir` with it, set up. */
async function openSandbox(kind: 'local' | 'docker', spec: EnvSpec, dir: string) {
  if (kind === 'local') {
    const envDir = await ensureLocalEnv(spec, dir, cache, { pip });
    const runtime = envRuntime(spec, envDir, dir);
    const { PATH: _path, ...env } = runtime.env;
    const sandbox = await providers.local({ bubblewrap: 'auto' }).create({ repoDir: dir, envDir, env });
    return { sandbox, setup: runtime.setup, envDir };
  }
  const built = await withBaseImage(docker, spec, { cacheDir: cache });
  const image = await buildEnvImage(docker, built, dir, { cacheDir: cache, pip });
  cleanups.push(() =>
    docker
      .getImage(image)
      .remove({ force: true })
      .catch(() => undefined),
  );
  const runtime = envRuntime(spec, dockerPaths.depsDir, dockerPaths.repoDir);
  const sandbox = await providers.docker({ docker }).create({ repoDir: dir, image, env: runtime.env });
  return { sandbox, setup: runtime.setup, envDir: undefined };
}

/** Detects, builds and judges the gold patch on the whole suite (as the env check does), or on test_patch's files. */
async function judgeGold(
  files: Record<string, string>,
  fix: Record<string, string>,
  F2P: string[],
  { kind = 'local', tests = {} }: { kind?: 'local' | 'docker'; tests?: Record<string, string> } = {},
) {
  const { dir, base } = await makeRepo(files);
  cleanups.push(() => removeRepo(dir));
  const { spec, notes } = await detectEnvWithNotes(dir);
  const { sandbox, setup, envDir } = await openSandbox(kind, spec, dir);
  cleanups.unshift(() => sandbox.close());
  const runtime = { setup };
  expect((await sandbox.exec(runtime.setup.join('\n'), { timeoutMs: 30_000 })).exitCode).toBe(0);
  const instance = TaskInstance.parse({
    instance_id: `demo__detect-${salt}`,
    repo: 'demo/detect',
    base_commit: base,
    patch: await diffOf(dir, fix),
    test_patch: await diffOf(dir, tests),
    FAIL_TO_PASS: F2P,
    PASS_TO_PASS: [],
  });
  const judgeOn = async (scope: 'all' | 'test_files') => {
    expect((await sandbox.exec('git reset -q --hard', { timeoutMs: 30_000 })).exitCode).toBe(0);
    return judge({ sandbox, instance, spec, patch: instance.patch, scope, timeoutMs: 300_000 });
  };
  return { spec, notes, judgement: await judgeOn('all'), judgeOn, envDir };
}

describe('a test command read from tox.ini runs through the judge', () => {
  it('keeps tox’s setenv; its marker filter and test path select the whole suite, not named files', async () => {
    const tox = [
      '[tox]',
      'envlist = py311',
      '',
      '[testenv]',
      'deps = pytest',
      'setenv =',
      '    DEMO_MODE = tox',
      'commands = pytest -x -m "not slow" tests {posargs}',
      '',
      '[pytest]',
      'markers = slow',
      `# ${salt}`,
      '',
    ].join('\n');
    const { spec, notes, judgement, judgeOn } = await judgeGold(
      {
        'tox.ini': tox,
        'calc.py': 'def add(a, b):\n    return a - b\n',
        'tests/test_calc.py':
          'import os\nimport pytest\nfrom calc import add\n\n\ndef test_add():\n    assert add(2, 3) == 5\n\n\n' +
          "def test_mode():\n    assert os.environ['DEMO_MODE'] == 'tox'\n\n\n" +
          '@pytest.mark.slow\ndef test_slow():\n    assert False\n',
        'bench/test_bench.py': 'def test_outside_tox_paths():\n    assert False\n',
      },
      { 'calc.py': 'def add(a, b):\n    return a + b\n' },
      ['tests/test_new.py::test_add_fast', 'tests/test_new.py::test_add_slow'],
      {
        tests: {
          'tests/test_new.py':
            'import pytest\nfrom calc import add\n\n\ndef test_add_fast():\n    assert add(1, 1) == 2\n\n\n' +
            '@pytest.mark.slow\ndef test_add_slow():\n    assert add(2, 2) == 4\n',
        },
      },
    );
    expect(spec.test_cmd).toBe(
      "lf_tests=({tests}); [ ${#lf_tests[@]} -gt 0 ] || lf_tests=(-m 'not slow' tests); " +
        'python -m pytest -rA -p no:cacheprovider -o junit_family=xunit1 --junitxml={junit} "${lf_tests[@]}"',
    );
    expect(notes[0]).toContain('from tox.ini [testenv] commands');
    expect(judgement.test_run.report_source).toBe('pytest-plugin');
    expect(judgement.test_run.tests).toEqual({
      'tests/test_calc.py::test_add': 'PASSED',
      'tests/test_calc.py::test_mode': 'PASSED',
      'tests/test_new.py::test_add_fast': 'PASSED',
    });
    // The whole suite deselects the slow FAIL_TO_PASS test, so it is missing: the instance is invalid there.
    expect(judgement).toMatchObject({ status: 'invalid', resolved: false });
    const onFiles = await judgeOn('test_files');
    expect(onFiles.test_run.tests).toEqual({
      'tests/test_new.py::test_add_fast': 'PASSED',
      'tests/test_new.py::test_add_slow': 'PASSED',
    });
    expect(onFiles).toMatchObject({ status: 'resolved', resolved: true });
  }, 300_000);
});

describe.each([
  ['pnpm', 'local'],
  ['yarn', 'local'],
  ['yarn-berry', 'local'],
  ['pnpm', 'docker'],
] as const)('a %s project builds from its lockfile and is judged (%s)', (manager, kind) => {
  it.skipIf(kind === 'docker' && !dockerUp)(
    'installs with the frozen lockfile; mocha runs the spec glob of the test script',
    async () => {
      const packageJson = JSON.stringify({
        name: `adder-${manager}`,
        version: '1.0.0',
        description: salt,
        scripts: { test: "mocha --exit 'spec/**/*.spec.js'" },
        devDependencies: { mocha: '11.7.1' },
      });
      const lockfile = manager === 'pnpm' ? 'pnpm-lock.yaml' : 'yarn.lock';
      const berry: Record<string, string> =
        manager === 'yarn-berry' ? { '.yarnrc.yml': 'enableTelemetry: false\n' } : {};
      const { spec, notes, judgement, envDir } = await judgeGold(
        {
          'package.json': packageJson,
          [lockfile]: await generateLockfile(manager, packageJson),
          ...berry,
          'index.js': 'exports.add = (a, b) => a - b;\n',
          'spec/unit/add.spec.js':
            "const assert = require('node:assert');\nconst { add } = require('../..');\n" +
            "describe('add', () => {\n  it('adds', () => assert.strictEqual(add(2, 3), 5));\n" +
            "  it('adds zero', () => assert.strictEqual(add(2, 0), 2));\n});\n",
          'test/not-the-suite.js': "it('is not in the spec glob', () => { throw new Error('ran'); });\n",
        },
        { 'index.js': 'exports.add = (a, b) => a + b;\n' },
        ['spec/unit/add.spec.js > add > adds'],
        { kind },
      );
      expect(notes).toContain(`package manager: ${manager}`);
      expect(spec.manifest_files).toEqual(['package.json', lockfile, ...Object.keys(berry)]);
      expect(judgement.test_run.tests).toEqual({
        'spec/unit/add.spec.js > add > adds': 'PASSED',
        'spec/unit/add.spec.js > add > adds zero': 'PASSED',
      });
      const installedBy = { pnpm: '.pnpm', yarn: '.yarn-integrity', 'yarn-berry': '.yarn-state.yml' }[
        manager
      ];
      if (envDir) expect(await readdir(join(envDir, 'node_modules'))).toContain(installedBy);
      expect(judgement).toMatchObject({ status: 'resolved', resolved: true });
    },
    300_000,
  );
});
