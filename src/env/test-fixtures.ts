import { join } from 'node:path';
import { makeRepo } from '../repos/test-repo.js';
import { bareInstance } from '../tasks/bare-instance.js';
import type { TaskSandboxOptions } from '../tasks/task-sandboxes.js';
import { hostPipIndexes, type PipOptions } from './pip-options.js';

const setuptoolsBuild = ['requires = ["setuptools>=61"]', 'build-backend = "setuptools.build_meta"'];
/** The `[project.optional-dependencies]` section with a `test` extra that installs pytest. */
export const testExtra = ['[project.optional-dependencies]', 'test = ["pytest"]'];

/** A pyproject.toml: `build` under [build-system], `project` under [project], `extra` lines, and `salt` to make it unique. */
export function pyprojectToml(
  salt: string,
  project: string[],
  extra: string[] = testExtra,
  build: string[] = setuptoolsBuild,
): string {
  return ['[build-system]', ...build, '', '[project]', ...project, '', ...extra, `# ${salt}`, ''].join('\n');
}

/** A pytest test importing `add` from `pkg`, which passes. */
export const passingTest = (pkg: string) =>
  `from ${pkg} import add\n\n\ndef test_add():\n    assert add(2, 3) == 5\n`;

/** A src-layout setuptools package (`pkg`) with one passing test, `extra` lines appended to pyproject.toml. */
export function setuptoolsRepo(
  pkg: string,
  salt: string,
  extra: string[] = testExtra,
): Record<string, string> {
  return {
    'pyproject.toml': pyprojectToml(salt, [`name = "${pkg}"`, 'version = "0.1.0"'], extra),
    [`src/${pkg}/__init__.py`]: 'def add(a, b):\n    return a + b\n',
    'tests/test_add.py': passingTest(pkg),
  };
}

/** A tiny src-layout Python package with one passing pytest test; `salt` makes its manifest unique. */
export function tinyPythonRepo(salt: string): Record<string, string> {
  return {
    'pyproject.toml': pyprojectToml(salt, ['name = "tinycalc"', 'version = "0.1.0"']),
    'src/tinycalc/__init__.py': 'def add(a, b):\n    return a + b\n',
    'tests/test_calc.py': passingTest('tinycalc'),
  };
}

/** A tiny package tested with mocha (no lockfile, so `npm install`); `salt` makes its manifest unique. */
export function tinyMochaRepo(salt: string): Record<string, string> {
  return {
    'package.json': JSON.stringify({
      name: 'tinycalc',
      version: '1.0.0',
      description: salt,
      scripts: { test: 'mocha', postinstall: 'node scripts/not-in-the-deps-dir.js' },
      devDependencies: { mocha: '11.7.1' },
    }),
    'index.js': 'exports.add = (a, b) => a + b;\n',
    'test/add.test.js':
      "const assert = require('node:assert');\nconst { add } = require('..');\n" +
      "it('adds', () => assert.strictEqual(add(2, 3), 5));\n",
  };
}

/** The host's pip indexes without retries, so an unreachable default index fails fast in tests. */
export async function testPipOptions(): Promise<PipOptions> {
  return { ...(await hostPipIndexes()), retries: 0 };
}

/** A repository of `files` at `root/<name>`, local sandbox options for it (host pip indexes), and an instance at its commit. */
export async function localFixture(
  root: string,
  name: string,
  files: Record<string, string>,
  settings: { cacheDir: string; runId: string },
) {
  const path = join(root, name);
  const commit = await makeRepo(path, files);
  const repo = `fixtures/${name}`;
  const options: TaskSandboxOptions = {
    provider: 'local',
    cacheDir: settings.cacheDir,
    repos: { [repo]: path },
    envOverrides: {},
    runId: settings.runId,
    pip: await testPipOptions(),
    checkTimeoutMs: 120_000,
  };
  return { options, instance: bareInstance(`${name}-1`, repo, commit), repo, commit };
}
