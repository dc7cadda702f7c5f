import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { commitOn, gitAt, mergeOn, scriptRepo, type ScriptedCommit } from './test-history.js';

/** Test fixture: the history `swegen mine` is tested on, with every kind of change it must keep or drop. */

const pyproject = (python: string) =>
  `[project]\nname = "calc"\nversion = "0.1.0"\nrequires-python = "${python}"\n\n[project.optional-dependencies]\ntest = ["pytest"]\n`;
const lines = (n: number, text: string) => Array.from({ length: n }, (_, i) => `${text}${i}\n`).join('');
const lfsPointer =
  'version https://git-lfs.github.com/spec/v1\noid sha256:' + 'ab'.repeat(32) + '\nsize 12\n';
const test = (body: string) => `from calc import *\n\n\n${body}`;

/** Commits on main before the merged branch; `expect` is the reason mining must give, or 'candidate'. */
const before: (ScriptedCommit & { expect: string })[] = [
  {
    name: 'root',
    message: 'Start calc',
    expect: 'root_commit',
    files: {
      'pyproject.toml': pyproject('>=3.8'),
      'src/calc.py': 'def add(a, b):\n    return a - b\n',
      'tests/test_calc.py': test('def test_one():\n    assert True\n'),
      'README.md': '# calc\n',
    },
  },
  {
    name: 'fixAdd',
    message: 'Fix add\n\nadd() subtracted its arguments.',
    expect: 'candidate',
    files: {
      'src/calc.py': 'def add(a, b):\n    return a + b\n',
      'tests/test_calc.py': test('def test_add():\n    assert add(2, 3) == 5\n'),
    },
  },
  {
    name: 'tidy',
    message: 'Tidy calc',
    expect: 'no_tests',
    files: { 'src/calc.py': 'def add(a, b):\n    return b + a\n' },
  },
  {
    name: 'moreTests',
    message: 'More tests',
    expect: 'tests_only',
    files: { 'tests/test_more.py': test('def test_more():\n    assert add(1, 1) == 2\n') },
  },
  {
    name: 'docs',
    message: 'Document add',
    expect: 'docs_only',
    files: {
      'README.md': '# calc\n\nAdds.\n',
      'docs/usage.md': 'use add\n',
      'tests/test_more.py': test('def test_more():\n    assert add(1, 2) == 3\n'),
    },
  },
  {
    name: 'vendored',
    message: 'Update the vendored helper',
    expect: 'vendored_only',
    files: {
      'vendor/helper.py': 'X = 1\n',
      'tests/test_more.py': test('def test_more():\n    assert add(2, 2) == 4\n'),
    },
  },
  {
    name: 'binary',
    message: 'Add a logo',
    expect: 'binary_only',
    files: {
      'src/logo.png': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 0]),
      'tests/test_logo.py': 'def test_logo():\n    pass\n',
    },
  },
  {
    name: 'huge',
    message: 'Generate tables',
    expect: 'too_many_lines',
    files: { 'src/tables.py': lines(2100, 'T'), 'tests/test_tables.py': 'def test_tables():\n    pass\n' },
  },
  {
    name: 'wide',
    message: 'Split into modules',
    expect: 'too_many_files',
    files: {
      ...Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`src/m${i}.py`, `M = ${i}\n`])),
      'tests/test_modules.py': 'def test_modules():\n    pass\n',
    },
  },
  {
    name: 'lfs',
    message: 'Track the model with LFS',
    expect: 'lfs_pointer',
    files: {
      'data/model.bin': lfsPointer,
      'src/calc.py': 'def add(a, b):\n    return a + b\n',
      'tests/test_model.py': 'def test_model():\n    pass\n',
    },
  },
  {
    name: 'silent',
    message: '',
    expect: 'empty_statement',
    files: {
      'src/calc.py': 'def add(a, b):\n    return b + a\n',
      'tests/test_calc.py': test('def test_add():\n    assert add(3, 2) == 5\n'),
    },
  },
];

export type CalcHistory = Record<string, string>;

/**
 * Builds the mining fixture at `dir`: the commits above, a submodule change, a merged pull request
 * (#7, two branch commits), a squash-merged one (#9), a manifest change, a fix on the new manifest and
 * an empty commit, on consecutive days. Returns every sha by name.
 */
export async function buildCalcHistory(dir: string): Promise<CalcHistory> {
  const shas = await scriptRepo(dir, before);
  let day = before.length;
  const helper = await gitAt(dir, ['rev-parse', 'HEAD']);
  await mkdir(join(dir, 'lib', 'sub'), { recursive: true });
  await gitAt(dir, ['update-index', '--add', '--cacheinfo', `160000,${helper},lib/sub`]);
  shas['submodule'] = await commitOn(
    dir,
    {
      name: 'submodule',
      message: 'Vendor lib as a submodule',
      files: {
        '.gitmodules': '[submodule "lib/sub"]\n\tpath = lib/sub\n\turl = ../sub\n',
        'src/calc.py': 'def add(a, b):\n    return a + b\n',
        'tests/test_sub.py': 'def test_sub():\n    pass\n',
      },
    },
    day++,
  );
  await gitAt(dir, ['checkout', '-q', '-b', 'feature']);
  shas['featureOne'] = await commitOn(
    dir,
    { name: 'featureOne', message: 'Add sub', files: { 'src/ops.py': 'def sub(a, b):\n    return a - b\n' } },
    day++,
  );
  shas['featureTwo'] = await commitOn(
    dir,
    {
      name: 'featureTwo',
      message: 'Test sub',
      files: { 'tests/test_ops.py': 'from ops import sub\n\n\ndef test_sub():\n    assert sub(3, 1) == 2\n' },
    },
    day++,
  );
  await gitAt(dir, ['checkout', '-q', 'main']);
  shas['merge'] = await mergeOn(
    dir,
    'feature',
    'Merge pull request #7 from acme/feature\n\nSupport subtraction',
    day++,
  );
  shas['squash'] = await commitOn(
    dir,
    {
      name: 'squash',
      message: 'Handle division by zero (#9)',
      files: {
        'src/ops.py': 'def sub(a, b):\n    return a - b\n\n\ndef div(a, b):\n    return a / b if b else 0\n',
        'tests/test_ops.py': 'from ops import div\n\n\ndef test_div():\n    assert div(1, 0) == 0\n',
      },
    },
    day++,
  );
  shas['manifest'] = await commitOn(
    dir,
    { name: 'manifest', message: 'Require Python 3.9', files: { 'pyproject.toml': pyproject('>=3.9') } },
    day++,
  );
  shas['fixMul'] = await commitOn(
    dir,
    {
      name: 'fixMul',
      message: 'Add mul',
      files: {
        'src/ops.py': 'def mul(a, b):\n    return a * b\n',
        'tests/test_ops.py': 'from ops import mul\n\n\ndef test_mul():\n    assert mul(2, 3) == 6\n',
      },
    },
    day++,
  );
  shas['empty'] = await commitOn(dir, { name: 'empty', message: 'Nothing', files: {} }, day++);
  return shas;
}

/** What mining must say about each main-line change of the fixture, oldest first. */
export const calcExpectations: Record<string, string> = {
  ...Object.fromEntries(before.map((c) => [c.name, c.expect])),
  submodule: 'submodule',
  merge: 'candidate',
  squash: 'candidate',
  manifest: 'no_tests',
  fixMul: 'candidate',
  empty: 'empty_change',
};
