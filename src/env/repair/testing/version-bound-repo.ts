import { passingTest, pyprojectToml } from '../../test-fixtures.js';

/**
 * A setuptools-scm project another test requirement depends on at a lower bound: python-dateutil needs
 * `six>=1.5`, as pytest needs `pluggy>=1.5` of pluggy's own checkout. `changes` is its CHANGES.md, if any.
 */
export function versionBoundRepo(salt: string, changes?: string): Record<string, string> {
  return {
    'pyproject.toml': pyprojectToml(
      salt,
      ['name = "six"', 'dynamic = ["version"]'],
      [
        '[project.optional-dependencies]',
        'test = ["pytest", "python-dateutil"]',
        '',
        '[tool.setuptools_scm]',
      ],
      ['requires = ["setuptools>=61", "setuptools-scm>=7"]', 'build-backend = "setuptools.build_meta"'],
    ),
    'src/six/__init__.py': 'def add(a, b):\n    return a + b\n',
    'tests/test_add.py': passingTest('six'),
    ...(changes === undefined ? {} : { 'CHANGES.md': changes }),
  };
}
