import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../repos/test-repo.js';
import { detectEnvWithNotes } from './index.js';
import { manifestDigest } from './manifest.js';
import { writeTree } from './testing/tree.js';

let root: string;
let count = 0;
beforeAll(async () => {
  root = await tempDir('lf-detect-cmd-test-');
});
afterAll(() => rm(root, { recursive: true, force: true }));

const repoWith = (files: Record<string, string>) => writeTree(join(root, `repo${count++}`), files);
const PYTEST = 'python -m pytest -rA -p no:cacheprovider -o junit_family=xunit1 --junitxml={junit}';
const SETUP_PY = 'from setuptools import setup\nsetup(name="demo")\n';
const TOX = `[tox]
envlist = py38,py311

[testenv]
extras = testing, yaml
deps =
    pytest-xdist
    -rrequirements-test.txt
setenv =
    DEMO_MODE = tox
    py38: OLD = 1
    COVERAGE_FILE = {toxworkdir}/.coverage
commands =
    - python -m pytest tests/ -p xdist -n 4 --cov=demo -m "not slow" {posargs:-q}
`;
const NOXFILE = `import nox


@nox.session
def lint(session):
    session.install("ruff")
    session.run("ruff", "check", ".")


@nox.session(python=["3.10", "3.11"])
def tests(session):
    session.install("-e", ".[test,yaml]")
    session.install("pytest-mock", "-r", "requirements-test.txt")
    session.run("pytest", "-k", "not network", "--maxfail=2", "tests/unit", *session.posargs, env={"A": "b"})
`;
const MAKEFILE = `PYTHON ?= python3

lint:
\tflake8 .

test: lint
\t@$(PYTHON) -m pytest -x -W error::DeprecationWarning tests $(PYTEST_ARGS) > out.log 2>&1

.PHONY: test lint
`;
const WORKFLOW = `name: ci
on: [push]
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: |
          pip install -e .
          cd . && PYTHONWARNINGS=ignore pytest --strict-markers --junitxml=out.xml src/demo tests
`;

async function detected(files: Record<string, string>) {
  const dir = await repoWith(files);
  const { spec, notes } = await detectEnvWithNotes(dir);
  return { spec, notes, digest: await manifestDigest(dir, spec.manifest_files) };
}

describe('the test command read from where the project keeps it', () => {
  it('tox.ini: pytest options and paths of [testenv] commands, its setenv, deps installed', async () => {
    const { spec, notes, digest } = await detected({
      'setup.py': SETUP_PY,
      'tox.ini': TOX,
      'requirements-test.txt': 'mock\n',
      Makefile: MAKEFILE,
    });
    expect(spec).toEqual({
      language: 'python',
      runtime_version: '',
      manifest_files: ['setup.py', 'tox.ini', 'requirements-test.txt'],
      manifest_digest: digest,
      install: [
        'python3 -m venv venv',
        'venv/bin/python -m pip install "$LF_SNAPSHOT[testing,yaml]" -r requirements-test.txt pytest-xdist pytest',
      ],
      test_cmd: `lf_tests=({tests}); [ \${#lf_tests[@]} -gt 0 ] || lf_tests=(-m 'not slow' tests/); ${PYTEST} -p xdist -q "\${lf_tests[@]}"`,
      log_parser: 'pytest',
      env: { DEMO_MODE: 'tox', PYTHONPATH: '{repo}', PYTHONDONTWRITEBYTECODE: '1' },
    });
    expect(notes).toEqual([
      'test command: pytest options ["-p","xdist","-q"], selection ["-m","not slow"] and test paths ["tests/"] from tox.ini [testenv] commands',
    ]);
  });

  it('tox.ini: a command continued with `\\` (filelock), its {posargs:...} holding substitutions', async () => {
    const tox =
      '[testenv]\ncommands =\n    pytest {tty:--color=yes} {posargs: \\\n' +
      '      --junitxml {toxworkdir}{/}junit.{envname}.xml --cov {envsitepackagesdir}{/}demo \\\n' +
      '      --strict-markers --cov-report html:{envtmpdir}{/}htmlcov \\\n' +
      '      tests\n    diff-cover --compare-branch {env:DIFF_AGAINST:origin/main} coverage.xml}\n';
    const { spec, notes } = await detected({ 'setup.py': SETUP_PY, 'tox.ini': tox });
    expect(spec.test_cmd).toBe(
      `lf_tests=({tests}); [ \${#lf_tests[@]} -gt 0 ] || lf_tests=(tests); ${PYTEST} --strict-markers "\${lf_tests[@]}"`,
    );
    expect(notes[0]).toBe(
      'test command: pytest options ["--strict-markers"], selection [] and test paths ["tests"] from tox.ini [testenv] commands',
    );
  });

  it('noxfile.py: the session that runs pytest, its installs (extras, -r files, packages)', async () => {
    const { spec, notes } = await detected({
      'pyproject.toml': '[project]\nname = "demo"\nversion = "1"\n',
      'noxfile.py': NOXFILE,
      'requirements-test.txt': 'mock\n',
    });
    expect(spec.manifest_files).toEqual(['pyproject.toml', 'requirements-test.txt', 'noxfile.py']);
    expect(spec.install[1]).toBe(
      'venv/bin/python -m pip install "$LF_SNAPSHOT[test,yaml]" -r requirements-test.txt pytest-mock pytest',
    );
    expect(spec.test_cmd).toBe(
      `lf_tests=({tests}); [ \${#lf_tests[@]} -gt 0 ] || lf_tests=(-k 'not network' tests/unit); ${PYTEST} "\${lf_tests[@]}"`,
    );
    expect(spec.env).toEqual({ PYTHONPATH: '{repo}', PYTHONDONTWRITEBYTECODE: '1' });
    expect(notes[0]).toBe(
      'test command: pytest options [], selection ["-k","not network"] and test paths ["tests/unit"] from noxfile.py session.run',
    );
  });

  it('Makefile: the test target’s recipe, make variables and redirections left out', async () => {
    const { spec, notes } = await detected({ 'requirements.txt': 'attrs\n', Makefile: MAKEFILE });
    expect(spec.test_cmd).toBe(
      `lf_tests=({tests}); [ \${#lf_tests[@]} -gt 0 ] || lf_tests=(tests); ${PYTEST} -W error::DeprecationWarning "\${lf_tests[@]}"`,
    );
    expect(notes[0]).toContain('from Makefile test:');
  });

  it('GitHub workflow: a run step’s pytest, with the judge’s own report path kept', async () => {
    const { spec, notes } = await detected({
      'setup.cfg': '[metadata]\nname = demo\n',
      '.github/workflows/ci.yml': WORKFLOW,
      '.github/workflows/a-docs.yaml': 'jobs:\n  docs:\n    steps:\n      - run: make html\n',
    });
    expect(spec.test_cmd).toBe(
      `lf_tests=({tests}); [ \${#lf_tests[@]} -gt 0 ] || lf_tests=(src/demo tests); ${PYTEST} --strict-markers "\${lf_tests[@]}"`,
    );
    expect(notes[0]).toContain('from .github/workflows/ci.yml');
  });

  it.each([
    [
      'legacy_tox_ini',
      '[tool.tox]\nlegacy_tox_ini = """\n[testenv]\nextras = test\ndeps = hypothesis\nsetenv =\n    TZ = UTC\ncommands = pytest --strict-markers {posargs:tests}\n"""\n',
      'pyproject.toml [tool.tox] legacy_tox_ini',
      '"$LF_SNAPSHOT[test]" hypothesis pytest',
      { TZ: 'UTC' },
    ],
    [
      'tox 4 TOML',
      '[tool.tox.env_run_base]\ndeps = ["hypothesis"]\nextras = ["test"]\nset_env = { TZ = "UTC" }\n' +
        'commands = [["pytest", "--strict-markers", { replace = "posargs", default = ["tests"], extend = true }]]\n',
      'pyproject.toml [tool.tox.env_run_base] commands',
      '"$LF_SNAPSHOT[test]" hypothesis pytest',
      { TZ: 'UTC' },
    ],
    [
      'hatch',
      '[tool.hatch.envs.lint.scripts]\ncheck = "ruff check ."\n\n[tool.hatch.envs.test]\n' +
        'dependencies = ["hypothesis", "local @ {root:uri}/x"]\nfeatures = ["test"]\n' +
        '[tool.hatch.envs.test.scripts]\nrun = ["echo start", "pytest --strict-markers {args:tests}"]\n',
      'pyproject.toml [tool.hatch.envs.test.scripts] run',
      '"$LF_SNAPSHOT[test]" hypothesis pytest',
      {},
    ],
  ])('pyproject.toml: %s', async (_name, tool, source, install, env) => {
    const project = '[project]\nname = "demo"\nversion = "1"\n\n';
    const { spec, notes } = await detected({ 'pyproject.toml': project + tool });
    expect(spec.install[1]).toBe(`venv/bin/python -m pip install ${install}`);
    expect(spec.test_cmd).toBe(
      `lf_tests=({tests}); [ \${#lf_tests[@]} -gt 0 ] || lf_tests=(tests); ${PYTEST} --strict-markers "\${lf_tests[@]}"`,
    );
    expect(spec.env).toEqual({ ...env, PYTHONPATH: '{repo}', PYTHONDONTWRITEBYTECODE: '1' });
    expect(notes[0]).toBe(
      `test command: pytest options ["--strict-markers"], selection [] and test paths ["tests"] from ${source}`,
    );
  });

  it('plain pytest, noted as such, when nothing runs pytest', async () => {
    const { spec, notes } = await detected({
      'requirements.txt': 'attrs\n',
      'tox.ini': '[testenv]\ncommands = python setup.py test\n',
      Makefile: 'test:\n\tnpm test\n',
    });
    expect(spec.test_cmd).toBe(`${PYTEST} {tests}`);
    expect(notes).toEqual([
      'test command: plain pytest (no tox.ini, noxfile.py, Makefile or workflow runs pytest)',
    ]);
  });
});
