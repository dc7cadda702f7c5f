import { join } from 'node:path';
import { makeRepo } from '../../../repos/test-repo.js';
import { testPipOptions } from '../../test-fixtures.js';
import type { RepairRuleName } from '../index.js';
import { TaskSandboxes } from '../../../tasks/task-sandboxes.js';
import type { TaskInstance } from '../../../schema/instance.js';
import type { ProviderName } from '../../../sandbox/index.js';

const passingTest = 'from {pkg} import add\n\n\ndef test_add():\n    assert add(2, 3) == 5\n';

/** A src-layout package whose version comes from git: setuptools-scm, or hatch-vcs on hatchling. */
export function vcsVersionRepo(
  backend: 'setuptools-scm' | 'hatch-vcs',
  salt: string,
): Record<string, string> {
  const pkg = backend === 'hatch-vcs' ? 'hatchcalc' : 'scmcalc';
  const build =
    backend === 'hatch-vcs'
      ? ['requires = ["hatchling", "hatch-vcs"]', 'build-backend = "hatchling.build"']
      : ['requires = ["setuptools>=61", "setuptools-scm>=7"]', 'build-backend = "setuptools.build_meta"'];
  const tool =
    backend === 'hatch-vcs' ? ['[tool.hatch.version]', 'source = "vcs"'] : ['[tool.setuptools_scm]'];
  return {
    'pyproject.toml': [
      '[build-system]',
      ...build,
      '',
      '[project]',
      `name = "${pkg}"`,
      'dynamic = ["version"]',
      '',
      '[project.optional-dependencies]',
      'test = ["pytest"]',
      '',
      ...tool,
      `# ${salt}`,
      '',
    ].join('\n'),
    [`src/${pkg}/__init__.py`]: 'def add(a, b):\n    return a + b\n',
    'tests/test_add.py': passingTest.replace('{pkg}', pkg),
  };
}

/** A package whose conftest imports `yaml` without declaring PyYAML anywhere. */
export function missingModuleRepo(salt: string): Record<string, string> {
  return {
    'pyproject.toml': [
      '[build-system]',
      'requires = ["setuptools>=61"]',
      'build-backend = "setuptools.build_meta"',
      '',
      '[project]',
      'name = "yamlcalc"',
      'version = "0.1.0"',
      '',
      '[project.optional-dependencies]',
      'test = ["pytest"]',
      `# ${salt}`,
      '',
    ].join('\n'),
    'src/yamlcalc/__init__.py': 'def add(a, b):\n    return a + b\n',
    'tests/conftest.py': 'import yaml\n\nCONFIG = yaml.safe_load("answer: 5")\n',
    'tests/test_add.py': passingTest.replace('{pkg}', 'yamlcalc'),
  };
}

/** A repository at `root/<name>` and sandboxes (host pip indexes) that may use only `rules`. */
export async function fixtureSandboxes(
  root: string,
  name: string,
  files: Record<string, string>,
  rules: RepairRuleName[],
  provider: ProviderName = 'local',
) {
  const path = join(root, name);
  const commit = await makeRepo(path, files);
  const repo = `fixtures/${name}`;
  const sandboxes = new TaskSandboxes({
    provider,
    cacheDir: join(root, 'cache'),
    repos: { [repo]: path },
    envOverrides: {},
    runId: 'repair-test',
    pip: await testPipOptions(),
    envRules: rules,
    checkTimeoutMs: 120_000,
  });
  const instance: TaskInstance = {
    instance_id: `${name}-1`,
    repo,
    base_commit: commit,
    patch: '',
    test_patch: '',
    problem_statement: '',
    hints_text: '',
    created_at: '',
    version: '',
    environment_setup_commit: commit,
    FAIL_TO_PASS: [],
    PASS_TO_PASS: [],
  };
  return { sandboxes, instance, repo, commit };
}

/** A src-layout setuptools package (`pkg`) with one passing test, `extra` lines appended to pyproject.toml. */
function setuptoolsRepo(pkg: string, salt: string, extra: string[] = []): Record<string, string> {
  return {
    'pyproject.toml': [
      '[build-system]',
      'requires = ["setuptools>=61"]',
      'build-backend = "setuptools.build_meta"',
      '',
      '[project]',
      `name = "${pkg}"`,
      'version = "0.1.0"',
      '',
      ...extra,
      `# ${salt}`,
      '',
    ].join('\n'),
    [`src/${pkg}/__init__.py`]: 'def add(a, b):\n    return a + b\n',
    'tests/test_add.py': passingTest.replace('{pkg}', pkg),
  };
}

/** A project whose dev requirements pin flake8 and twine to releases the index lacks (it has no twine at all). */
export function unavailablePinRepo(salt: string): Record<string, string> {
  return {
    ...setuptoolsRepo('pincalc', salt, ['[project.optional-dependencies]', 'test = ["pytest"]']),
    'requirements-dev.txt': 'pytest\nflake8==3.9.2\ntwine==4.0.2  # release tool\n',
  };
}

/** A flit project whose build backend is pinned below the only release the index has (flit_core 4.x). */
export function buildBackendPinRepo(salt: string): Record<string, string> {
  return {
    'pyproject.toml': [
      '[build-system]',
      'requires = ["flit_core>=3.2,<4"]',
      'build-backend = "flit_core.buildapi"',
      '',
      '[project]',
      'name = "flitcalc"',
      'dynamic = ["version", "description"]',
      '',
      '[project.optional-dependencies]',
      'test = ["pytest"]',
      `# ${salt}`,
      '',
    ].join('\n'),
    'flitcalc/__init__.py': '"""Adds."""\n\n__version__ = "0.1.0"\n\n\ndef add(a, b):\n    return a + b\n',
    'tests/test_add.py': passingTest.replace('{pkg}', 'flitcalc'),
  };
}

/** conftest imports yaml; PyYAML is declared only in the `ci` extra, beside a `docs` extra the index cannot install. */
export function testExtrasRepo(salt: string): Record<string, string> {
  return {
    ...setuptoolsRepo('extracalc', salt, [
      '[project.optional-dependencies]',
      'test = ["pytest"]',
      'ci = ["PyYAML"]',
      'docs = ["lf-no-such-docs-theme==1.0"]',
    ]),
    'tests/conftest.py': 'import yaml\n\nCONFIG = yaml.safe_load("answer: 5")\n',
  };
}

/** A fixture carrying a mark: an error since pytest 9, a deprecation warning before. */
export function pytestCompatRepo(salt: string): Record<string, string> {
  return {
    ...setuptoolsRepo('markcalc', salt, ['[project.optional-dependencies]', 'test = ["pytest"]']),
    'tests/test_mark.py':
      'import pytest\n\n\n@pytest.fixture\n@pytest.mark.slow\ndef five():\n    return 5\n\n\n' +
      'def test_five(five):\n    assert five == 5\n',
  };
}

/** pytest's addopts ask for coverage (`--cov`), and nothing installs pytest-cov. */
export function pytestPluginRepo(salt: string): Record<string, string> {
  return setuptoolsRepo('covcalc', salt, [
    '[project.optional-dependencies]',
    'test = ["pytest"]',
    '',
    '[tool.pytest.ini_options]',
    'addopts = "--cov=covcalc"',
  ]);
}

/** The project's own `dev` extra pins black to a release the index lacks and names twine, which it has none of. */
export function extraPinRepo(salt: string): Record<string, string> {
  return setuptoolsRepo('extrapincalc', salt, [
    '[project.optional-dependencies]',
    'dev = ["pytest", "black==19.3b0", "twine"]',
  ]);
}
