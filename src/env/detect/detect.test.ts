import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LegoError } from '../../errors.js';
import type { EnvSpec } from '../../schema/env.js';
import { tempDir } from '../../repos/test-repo.js';
import { manifestDigest } from './manifest.js';
import { detectEnv } from './index.js';

let root: string;
beforeAll(async () => {
  root = await tempDir('lf-detect-test-');
});
afterAll(() => rm(root, { recursive: true, force: true }));

let count = 0;
async function repoWith(files: Record<string, string>): Promise<string> {
  const dir = join(root, `repo${count++}`);
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), content);
  }
  await mkdir(dir, { recursive: true });
  return dir;
}

const PYTEST = 'python -m pytest -rA -p no:cacheprovider -o junit_family=xunit1 --junitxml={junit} {tests}';
const PYPROJECT = `[build-system]
requires = ["setuptools>=61"]
build-backend = "setuptools.build_meta"

[project]
name = "demo"
version = "0.1.0"
dependencies = ["attrs"]

[project.optional-dependencies]
test = ["pytest-mock"]
docs = ["sphinx"]

[dependency-groups]
lint = ["ruff"]
dev = [{ include-group = "lint" }, "coverage>=7; python_version >= '3.8'"]
`;

async function expectSpec(
  files: Record<string, string>,
  expected: Omit<EnvSpec, 'runtime_version' | 'manifest_digest'>,
) {
  const dir = await repoWith(files);
  expect(await detectEnv(dir)).toEqual({
    ...expected,
    runtime_version: '',
    manifest_digest: await manifestDigest(dir, expected.manifest_files),
  });
}

describe('detectEnv: python', () => {
  it('installs a pyproject package with its test extra and dev group, src layout on PYTHONPATH', async () => {
    await expectSpec(
      { 'pyproject.toml': PYPROJECT, 'src/demo/__init__.py': '', 'tests/test_x.py': '' },
      {
        language: 'python',
        manifest_files: ['pyproject.toml'],
        install: [
          'python3 -m venv venv',
          `venv/bin/python -m pip install "$LF_SNAPSHOT[test]" ruff 'coverage>=7; python_version >= '\\''3.8'\\''' pytest`,
        ],
        test_cmd: PYTEST,
        log_parser: 'pytest',
        env: { PYTHONPATH: '{repo}:{repo}/src', PYTHONDONTWRITEBYTECODE: '1' },
      },
    );
  });

  it('installs a setup.py package with its testing extra plus runtime and test requirement files', async () => {
    const setupPy = `from setuptools import setup\nsetup(name="demo", extras_require={"testing": ["pytest-mock"], "docs": ["sphinx"]})\n`;
    await expectSpec(
      {
        'setup.py': setupPy,
        'requirements.txt': 'attrs\n',
        'requirements-test.txt': '-r requirements.txt\nhypothesis\n',
        'requirements-docs.txt': 'sphinx\n',
        'requirements-latest.txt': 'attrs>=23\n',
        'dev_requirements.txt': 'black\n',
      },
      {
        language: 'python',
        manifest_files: [
          'setup.py',
          'dev_requirements.txt',
          'requirements-docs.txt',
          'requirements-latest.txt',
          'requirements-test.txt',
          'requirements.txt',
        ],
        install: [
          'python3 -m venv venv',
          'venv/bin/python -m pip install "$LF_SNAPSHOT[testing]" -r dev_requirements.txt -r requirements-test.txt -r requirements.txt pytest',
        ],
        test_cmd: PYTEST,
        log_parser: 'pytest',
        env: { PYTHONPATH: '{repo}', PYTHONDONTWRITEBYTECODE: '1' },
      },
    );
  });

  it('installs requirement files and tox deps only when the repository is not a package', async () => {
    const tox =
      '[tox]\nenvlist = py311\n\n[testenv]\ndeps =\n    -rrequirements.txt\n    requests>=2\n    py38: mock\n    {toxinidir}/extra\ncommands = pytest\n';
    await expectSpec(
      {
        'requirements.txt': 'attrs\n',
        'tox.ini': tox,
        'setup.cfg': '[options.extras_require]\ntest = pytest\n',
      },
      {
        language: 'python',
        manifest_files: ['setup.cfg', 'tox.ini', 'requirements.txt'],
        install: [
          'python3 -m venv venv',
          "venv/bin/python -m pip install -r requirements.txt 'requests>=2' pytest",
        ],
        test_cmd: PYTEST,
        log_parser: 'pytest',
        env: { PYTHONPATH: '{repo}', PYTHONDONTWRITEBYTECODE: '1' },
      },
    );
  });

  it('does not install a pyproject.toml that only configures tools', async () => {
    const dir = await repoWith({ 'pyproject.toml': '[tool.black]\nline-length = 100\n' });
    expect((await detectEnv(dir)).install).toEqual([
      'python3 -m venv venv',
      'venv/bin/python -m pip install pytest',
    ]);
  });

  it('rejects a pyproject.toml that is not TOML', async () => {
    const dir = await repoWith({ 'pyproject.toml': '[project\nname = 1\n' });
    await expect(detectEnv(dir)).rejects.toMatchObject({ code: 'env_detect_failed' });
    await expect(detectEnv(dir)).rejects.toThrow(`pyproject.toml in ${dir} is not valid TOML`);
  });
});

const pkg = (extra: object) => JSON.stringify({ name: 'demo', version: '1.0.0', ...extra });

describe('detectEnv: javascript', () => {
  it('uses vitest from devDependencies and npm ci with a lockfile', async () => {
    await expectSpec(
      { 'package.json': pkg({ devDependencies: { vitest: '^3' } }), 'package-lock.json': '{}' },
      {
        language: 'javascript',
        manifest_files: ['package.json', 'package-lock.json'],
        install: ['npm pkg delete scripts', 'npm ci --no-audit --no-fund'],
        test_cmd:
          'vitest run --root . --config {no_config} --reporter=verbose --reporter=junit --outputFile.junit={junit} {tests}',
        log_parser: 'vitest',
        env: {},
      },
    );
  });

  it('uses the runner named in the test script, and npm install without a lockfile', async () => {
    await expectSpec(
      { 'package.json': pkg({ scripts: { test: 'jest --coverage' }, devDependencies: { mocha: '1' } }) },
      {
        language: 'javascript',
        manifest_files: ['package.json'],
        install: ['npm pkg delete scripts', 'npm install --no-audit --no-fund'],
        test_cmd: "jest --ci --config '{}' --json --outputFile={junit} {tests}",
        log_parser: 'jest',
        env: {},
      },
    );
  });

  it('uses mocha from dependencies', async () => {
    await expectSpec(
      { 'package.json': pkg({ dependencies: { mocha: '^11' } }), 'npm-shrinkwrap.json': '{}' },
      {
        language: 'javascript',
        manifest_files: ['package.json', 'npm-shrinkwrap.json'],
        install: ['npm pkg delete scripts', 'npm ci --no-audit --no-fund'],
        test_cmd:
          'mocha --no-config --package package.json --reporter xunit --reporter-option output={junit} {tests}',
        log_parser: 'mocha',
        env: {},
      },
    );
  });
});

describe('detectEnv: each runner is pinned to the checkout’s own config', () => {
  it.each([
    [
      {
        'vite.config.mjs': '',
        'vitest.config.ts': '',
        'package.json': pkg({ devDependencies: { vitest: '4' } }),
      },
      'vitest run --root . --config vitest.config.ts --reporter=verbose --reporter=junit --outputFile.junit={junit} {tests}',
    ],
    [
      { 'jest.config.js': '', 'package.json': pkg({ jest: {}, devDependencies: { jest: '29' } }) },
      'jest --ci --config jest.config.js --json --outputFile={junit} {tests}',
    ],
    [
      { 'package.json': pkg({ jest: { testMatch: [] }, devDependencies: { jest: '29' } }) },
      'jest --ci --config package.json --json --outputFile={junit} {tests}',
    ],
    [
      { '.mocharc.yml': '', 'package.json': pkg({ devDependencies: { mocha: '10' } }) },
      'mocha --config .mocharc.yml --package package.json --reporter xunit --reporter-option output={junit} {tests}',
    ],
  ])('%#: %j', async (files, testCmd) => {
    expect((await detectEnv(await repoWith(files))).test_cmd).toBe(testCmd);
  });
});

describe('detectEnv: nothing recognisable', () => {
  it('says what it looked for and how to override', async () => {
    const dir = await repoWith({
      'README.md': 'hi\n',
      'package.json': pkg({ devDependencies: { tap: '1' } }),
    });
    const error = await detectEnv(dir).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(LegoError);
    expect(error).toMatchObject({
      code: 'env_detect_failed',
      message:
        `no test environment detected in ${dir}: looked for pyproject.toml, setup.py, setup.cfg, ` +
        'requirements*.txt, tox.ini; package.json with jest, vitest, mocha, or a test script running node --test. ' +
        'Pass --env owner/name=spec.yaml to give the environment spec explicitly.',
    });
  });
});

describe('manifest_digest', () => {
  it('changes with the dependencies and not with other files', async () => {
    const digest = async (files: Record<string, string>) =>
      (await detectEnv(await repoWith(files))).manifest_digest;
    const base = await digest({ 'requirements.txt': 'attrs\n', 'app.py': 'x = 1\n' });
    expect(await digest({ 'requirements.txt': 'attrs\n', 'app.py': 'x = 2\n' })).toBe(base);
    expect(await digest({ 'requirements.txt': 'attrs==23.1\n', 'app.py': 'x = 1\n' })).not.toBe(base);
    expect(base).toMatch(/^[0-9a-f]{64}$/);
  });
});
