import { describe, expect, it } from 'vitest';
import { diffOf, makeRepo, removeRepo } from './fixture-repo.js';
import { testInfraPaths, type InfraContents } from './test-infra.js';

const pyproject = [
  '[project]',
  'name = "demo"',
  'dependencies = [',
  '  "requests",',
  ']',
  '',
  '[tool.pytest.ini_options]',
  'addopts = "-q"',
  'testpaths = ["tests"]',
  '',
  '[tool.black]',
  'line-length = 100',
  '',
].join('\n');
const setupCfg =
  '[metadata]\nname = demo\n\n[tool:pytest]\naddopts = -q\n\n[flake8]\nmax-line-length = 100\n';
const pkg = (extra: object) =>
  `${JSON.stringify({ name: 'demo', scripts: { test: 'vitest run', lint: 'eslint .' }, ...extra }, null, 2)}\n`;
const base = {
  'pyproject.toml': pyproject,
  'setup.cfg': setupCfg,
  'tox.ini': '[tox]\nenvlist = py311\n\n[pytest]\naddopts = -q\n',
  'package.json': pkg({}),
  'src/app.py': 'x = 1\n',
  'tests/conftest.py': '',
};

/** The patch that `changes` make to the base files, its infra paths with and without the files' text. */
async function infraOf(changes: Record<string, string | null>) {
  const { dir } = await makeRepo(base);
  try {
    const patch = await diffOf(dir, changes);
    const after = { ...base, ...changes } as Record<string, string | null | undefined>;
    const contents: InfraContents = {
      before: (path) => Promise.resolve((base as Record<string, string | undefined>)[path]),
      after: (path) => Promise.resolve(after[path] ?? undefined),
    };
    return { withText: await testInfraPaths(patch, contents), fromDiff: await testInfraPaths(patch) };
  } finally {
    await removeRepo(dir);
  }
}

describe('testInfraPaths', () => {
  it('flags a new module that shadows one pytest imports before the plugin, on the Python path only', async () => {
    const { dir } = await makeRepo({ 'src/_pytest/python.py': '', 'src/app.py': '' });
    try {
      const patch = await diffOf(dir, {
        'pytest.py': '',
        'src/fnmatch.py': '',
        'src/pluggy/__init__.py': '',
        'src/_pytest/python.py': 'changed = True\n',
        'src/_pytest/new.py': '',
        'lib/json.py': '',
        'src/app.py': 'x = 1\n',
        'src/json.txt': '',
      });
      const existing = new Set(['src/_pytest', 'src/_pytest/python.py', 'src/app.py']);
      const contents: InfraContents = {
        before: (path) => Promise.resolve(existing.has(path) ? '' : undefined),
        after: () => Promise.resolve(''),
      };
      const roots = ['', 'src'];
      expect(await testInfraPaths(patch, contents, roots)).toEqual([
        'pytest.py',
        'src/fnmatch.py',
        'src/pluggy/__init__.py',
      ]);
      expect(await testInfraPaths(patch, undefined, roots)).toEqual([
        'pytest.py',
        'src/_pytest/new.py',
        'src/_pytest/python.py',
        'src/fnmatch.py',
        'src/pluggy/__init__.py',
      ]);
      expect(await testInfraPaths(patch, contents, [])).toEqual([]);
    } finally {
      await removeRepo(dir);
    }
  });

  it('lists files that are test infrastructure whatever changes in them, renames by both names', async () => {
    const changes = {
      'conftest.py': 'import os\n',
      'tests/conftest.py': null,
      'pkg/sub/conftest.py': '',
      'sitecustomize.py': '',
      'lib/usercustomize.py': '',
      'src/evil.pth': 'import os\n',
      'pytest.ini': '[pytest]\n',
      'vitest.config.ts': 'export default {};\n',
      'web/vite.config.mjs': 'export default {};\n',
      'jest.config.cjs': 'module.exports = {};\n',
      '.mocharc.yml': 'spec: x\n',
      'src/app.py': 'x = 2\n',
      'src/conftest_helpers.py': '',
      'docs/vitest.md': '',
    };
    const { withText, fromDiff } = await infraOf(changes);
    const expected = [
      '.mocharc.yml',
      'conftest.py',
      'jest.config.cjs',
      'lib/usercustomize.py',
      'pkg/sub/conftest.py',
      'pytest.ini',
      'sitecustomize.py',
      'src/evil.pth',
      'tests/conftest.py',
      'vitest.config.ts',
      'web/vite.config.mjs',
    ];
    expect(withText.sort()).toEqual(expected);
    expect(fromDiff.sort()).toEqual(expected);
  });

  it('flags pyproject.toml, setup.cfg and tox.ini only where a hunk changes their pytest section', async () => {
    const outside = await infraOf({
      'pyproject.toml': pyproject.replace('  "requests",', '  "requests",\n  "rich",').replace('100', '88'),
      'setup.cfg': setupCfg.replace('max-line-length = 100', 'max-line-length = 88'),
      'tox.ini': '[tox]\nenvlist = py312\n\n[pytest]\naddopts = -q\n',
    });
    expect(outside.withText).toEqual([]);
    const inside = await infraOf({
      'pyproject.toml': pyproject.replace('testpaths = ["tests"]', 'testpaths = ["nothing"]'),
      'setup.cfg': setupCfg.replace('addopts = -q', 'addopts = -q --deselect t.py::x'),
      'tox.ini': '[tox]\nenvlist = py311\n\n[pytest]\naddopts = -x\n',
    });
    expect(inside.withText).toEqual(['pyproject.toml', 'setup.cfg', 'tox.ini']);
  });

  it('flags a change it cannot place in a section without the file’s text, and lines naming pytest', async () => {
    const { withText, fromDiff } = await infraOf({
      'pyproject.toml': pyproject.replace('line-length = 100', 'line-length = 100\nplugins = ["pytest-x"]'),
      'setup.cfg': setupCfg.replace('max-line-length = 100', 'max-line-length = 88'),
    });
    expect(withText).toEqual(['pyproject.toml']);
    expect(fromDiff).toEqual(['pyproject.toml', 'setup.cfg']);
  });

  it('flags package.json only when its test script or jest/mocha keys change', async () => {
    const lint = await infraOf({ 'package.json': pkg({ scripts: { test: 'vitest run', lint: 'x' } }) });
    expect(lint).toEqual({ withText: [], fromDiff: ['package.json'] });
    const script = await infraOf({ 'package.json': pkg({ scripts: { test: 'true' } }) });
    expect(script.withText).toEqual(['package.json']);
    const jest = await infraOf({ 'package.json': pkg({ jest: { testMatch: [] } }) });
    expect(jest.withText).toEqual(['package.json']);
    const mocha = await infraOf({ 'nested/package.json': `${JSON.stringify({ mocha: { spec: 'x' } })}\n` });
    expect(mocha.withText).toEqual(['nested/package.json']);
  });
});
