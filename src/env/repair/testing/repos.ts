import { join } from 'node:path';
import { passingTest, pyprojectToml, setuptoolsRepo, localFixture, testExtra } from '../../test-fixtures.js';
import type { RepairRuleName } from '../index.js';
import { TaskSandboxes } from '../../../tasks/task-sandboxes.js';
import type { ProviderName } from '../../../sandbox/index.js';

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
    'pyproject.toml': pyprojectToml(
      salt,
      [`name = "${pkg}"`, 'dynamic = ["version"]'],
      [...testExtra, '', ...tool],
      build,
    ),
    [`src/${pkg}/__init__.py`]: 'def add(a, b):\n    return a + b\n',
    'tests/test_add.py': passingTest(pkg),
  };
}

/** A package whose conftest imports `yaml` without declaring PyYAML anywhere. */
export function missingModuleRepo(salt: string): Record<string, string> {
  return {
    ...setuptoolsRepo('yamlcalc', salt),
    'tests/conftest.py': 'import yaml\n\nCONFIG = yaml.safe_load("answer: 5")\n',
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
  const fixture = await localFixture(root, name, files, {
    cacheDir: join(root, 'cache'),
    runId: 'repair-test',
  });
  const sandboxes = new TaskSandboxes({ ...fixture.options, provider, envRules: rules });
  return { sandboxes, instance: fixture.instance, repo: fixture.repo, commit: fixture.commit };
}

/** A project whose dev requirements pin flake8 and twine to releases the index lacks (it has no twine at all). */
export function unavailablePinRepo(salt: string): Record<string, string> {
  return {
    ...setuptoolsRepo('pincalc', salt),
    'requirements-dev.txt': 'pytest\nflake8==3.9.2\ntwine==4.0.2  # release tool\n',
  };
}

/** A flit project whose build backend is pinned below the only release the index has (flit_core 4.x). */
export function buildBackendPinRepo(salt: string): Record<string, string> {
  return {
    'pyproject.toml': pyprojectToml(
      salt,
      ['name = "flitcalc"', 'dynamic = ["version", "description"]'],
      testExtra,
      ['requires = ["flit_core>=3.2,<4"]', 'build-backend = "flit_core.buildapi"'],
    ),
    'flitcalc/__init__.py': '"""Adds."""\n\n__version__ = "0.1.0"\n\n\ndef add(a, b):\n    return a + b\n',
    'tests/test_add.py': passingTest('flitcalc'),
  };
}

/** conftest imports yaml; PyYAML is declared only in the `ci` extra, beside a `docs` extra the index cannot install. */
export function testExtrasRepo(salt: string): Record<string, string> {
  return {
    ...setuptoolsRepo('extracalc', salt, [
      ...testExtra,
      'ci = ["PyYAML"]',
      'docs = ["lf-no-such-docs-theme==1.0"]',
    ]),
    'tests/conftest.py': 'import yaml\n\nCONFIG = yaml.safe_load("answer: 5")\n',
  };
}

/** A fixture carrying a mark: an error since pytest 9, a deprecation warning before. */
export function pytestCompatRepo(salt: string): Record<string, string> {
  return {
    ...setuptoolsRepo('markcalc', salt),
    'tests/test_mark.py':
      'import pytest\n\n\n@pytest.fixture\n@pytest.mark.slow\ndef five():\n    return 5\n\n\n' +
      'def test_five(five):\n    assert five == 5\n',
  };
}

/** pytest's addopts ask for coverage (`--cov`), and nothing installs pytest-cov. */
export function pytestPluginRepo(salt: string): Record<string, string> {
  return setuptoolsRepo('covcalc', salt, [
    ...testExtra,
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
