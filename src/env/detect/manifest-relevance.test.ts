import { describe, expect, it } from 'vitest';
import { manifestRelevance } from './manifest-relevance.js';

const pyproject = (project: string, tool = '') =>
  [
    '[build-system]',
    'requires = ["setuptools>=61"]',
    'build-backend = "setuptools.build_meta"',
    '',
    '[project]',
    'name = "calc"',
    project,
    '',
    tool,
  ].join('\n');

const same = (file: string, a: string, b: string) =>
  expect(manifestRelevance(file, a)).toBe(manifestRelevance(file, b));
const differ = (file: string, a: string, b: string) =>
  expect(manifestRelevance(file, a)).not.toBe(manifestRelevance(file, b));

describe('manifestRelevance', () => {
  it('pyproject.toml: classifiers, URLs, version and linter settings do not count', () => {
    same(
      'pyproject.toml',
      pyproject('version = "1.0"\nclassifiers = ["Python :: 3.12"]', '[tool.ruff]\nline-length = 88'),
      pyproject(
        'version = "1.1"\nclassifiers = ["Python :: 3.12", "Python :: 3.13"]\n' +
          '[project.urls]\nHome = "https://example.org"',
        '[tool.ruff]\nline-length = 100',
      ),
    );
  });

  it('pyproject.toml: dependencies, extras, requires-python, build requires and pytest settings count', () => {
    const base = pyproject('dependencies = ["attrs"]');
    differ('pyproject.toml', base, pyproject('dependencies = ["attrs>=23"]'));
    differ('pyproject.toml', base, pyproject('dependencies = ["attrs"]\nrequires-python = ">=3.10"'));
    differ(
      'pyproject.toml',
      base,
      pyproject('dependencies = ["attrs"]\n[project.optional-dependencies]\ntest = ["pytest"]'),
    );
    differ('pyproject.toml', base, base.replace('setuptools>=61', 'setuptools>=64'));
    differ('pyproject.toml', base, `${base}\n[tool.pytest.ini_options]\naddopts = "-p xdist"`);
  });

  it('setup.cfg and tox.ini: comments, descriptive metadata and tool sections do not count', () => {
    const cfg = (extra: string) =>
      [
        '[metadata]',
        'name = calc',
        extra,
        '',
        '[options]',
        'install_requires =',
        '    attrs',
        '',
        '[flake8]',
        'max-line-length = 88',
      ].join('\n');
    same(
      'setup.cfg',
      cfg('classifiers =\n    Python :: 3.12'),
      cfg('# comment\nclassifiers =\n    Python :: 3.12\n    Python :: 3.13\nversion = 2.0').replace(
        '88',
        '100',
      ),
    );
    differ('setup.cfg', cfg(''), cfg('').replace('    attrs', '    attrs\n    six'));
    same('tox.ini', '[testenv]\ndeps = pytest\n[coverage:run]\nbranch = true', '[testenv]\ndeps = pytest\n');
    differ('tox.ini', '[testenv]\ndeps = pytest', '[testenv]\ndeps = pytest\n    pytest-xdist');
  });

  it('package.json: description and version do not count; dependencies and scripts do', () => {
    const pkg = (fields: Record<string, unknown>) =>
      JSON.stringify({ name: 'calc', devDependencies: { jest: '29' }, scripts: { test: 'jest' }, ...fields });
    same('package.json', pkg({ version: '1.0.0' }), pkg({ version: '1.0.1', description: 'x' }));
    differ('package.json', pkg({}), pkg({ devDependencies: { jest: '30' } }));
    differ('package.json', pkg({}), pkg({ scripts: { test: 'vitest' } }));
  });

  it('keeps the whole text of files it has no reader for, and of files that do not parse', () => {
    expect(manifestRelevance('setup.py', 'setup()  # v1')).toBe('setup()  # v1');
    expect(manifestRelevance('pyproject.toml', '[project\nbroken')).toBe('[project\nbroken');
  });
});
