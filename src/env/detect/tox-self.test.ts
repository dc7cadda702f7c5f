import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../repos/test-repo.js';
import { pyprojectToml } from '../test-fixtures.js';
import { toxDeps } from './ini.js';
import { detectEnv } from './index.js';

let root: string;
beforeAll(async () => {
  root = await tempDir('lf-detect-tox-self-');
});
afterAll(() => rm(root, { recursive: true, force: true }));

// tenacity's tox.ini, measured in bench/env-success: the project installed by tox with its own extras
const tox =
  '[tox]\nenvlist = py3\n\n[testenv]\ndeps =\n    .[test]\n    .[doc]\n    trio: trio\n    -e .\ncommands = pytest\n';

describe('tox deps naming the project itself', () => {
  it('are its extras, not requirements', () => {
    expect(toxDeps(tox)).toEqual({ requirements: [], requirementFiles: [], extras: ['test', 'doc'] });
  });

  it('install the snapshot once, with those extras', async () => {
    const dir = join(root, 'repo');
    await mkdir(join(dir, 'src', 'selfcalc'), { recursive: true });
    const extras = ['[project.optional-dependencies]', 'test = ["pytest"]', 'doc = ["docutils"]'];
    await writeFile(
      join(dir, 'pyproject.toml'),
      pyprojectToml('tox-self', ['name = "selfcalc"', 'version = "0.1.0"'], extras),
    );
    await writeFile(join(dir, 'src', 'selfcalc', '__init__.py'), '');
    await writeFile(join(dir, 'tox.ini'), tox);
    expect((await detectEnv(dir)).install).toEqual([
      'python3 -m venv venv',
      'venv/bin/python -m pip install "$LF_SNAPSHOT[test,doc]" pytest',
    ]);
  });
});
