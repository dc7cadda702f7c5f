/**
 * Distributions that lint, format, type-check, document or release a project: a requirement file may
 * list them beside the test dependencies, but the tests never import them, so a line naming one that
 * the index cannot satisfy is dropped. Names as pip compares them (lower case, `-` for `_` and `.`).
 */
export const devTools: ReadonlySet<string> = new Set([
  'autopep8',
  'bandit',
  'black',
  'blacken-docs',
  'build',
  'bump2version',
  'bumpversion',
  'bump-my-version',
  'check-manifest',
  'codecov',
  'codespell',
  'coveralls',
  'doc8',
  'docformatter',
  'flake8',
  'flit',
  'gitchangelog',
  'isort',
  'mkdocs',
  'mypy',
  'nox',
  'pip-tools',
  'pre-commit',
  'pycodestyle',
  'pydocstyle',
  'pyflakes',
  'pylint',
  'pyright',
  'pyroma',
  'pytype',
  'readme-renderer',
  'releases',
  'restructuredtext-lint',
  'ruff',
  'setuptools-twine',
  'towncrier',
  'tox',
  'twine',
  'wheel',
  'yapf',
  'zest-releaser',
]);

/** Families of dev tools, by name prefix: plugins of linters, doc builders and type stubs. */
export const devToolPrefixes: readonly string[] = [
  'flake8-',
  'mkdocs-',
  'mypy-',
  'pylint-',
  'sphinx',
  'types-',
];
