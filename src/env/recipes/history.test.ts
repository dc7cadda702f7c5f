import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../cli/test-cli.js';
import { commitFiles, makeRepo, tempDir } from '../../repos/test-repo.js';
import type { LedgerEntry } from '../../schema/env-ledger.js';
import { bareInstance } from '../../tasks/bare-instance.js';
import { TaskSandboxes } from '../../tasks/task-sandboxes.js';
import { readLedger } from '../ledger.js';
import { vcsVersionRepo } from '../repair/testing/repos.js';
import { pyprojectToml, testPipOptions } from '../test-fixtures.js';
import { readRecipes } from './store.js';

let root: string;
const salt = `recipes-${Date.now()}`;
const repo = 'fixtures/scm-history';
beforeAll(async () => {
  root = await tempDir('lf-recipes-history-');
});
afterAll(() => rm(root, { recursive: true, force: true }));

const first = vcsVersionRepo('setuptools-scm', salt);
/** Commit 4 drops setuptools-scm and needs a variable its tox.ini sets: the recipe fails there. */
const toxDriven = {
  'pyproject.toml': pyprojectToml(salt, ['name = "scmcalc"', 'version = "1.0.0"']),
  'tox.ini': '[testenv]\nextras = test\nsetenv =\n    CALC_MODE = strict\ncommands = pytest tests\n',
  'tests/conftest.py':
    'import os\n\nif os.environ.get("CALC_MODE") != "strict":\n    raise RuntimeError("CALC_MODE must be strict")\n',
};

const instance = (commit: string, n: number) => bareInstance(`scm-history-${n}`, repo, commit);

async function sandboxes(path: string, cacheDir: string) {
  return new TaskSandboxes({
    provider: 'local',
    cacheDir,
    repos: { [repo]: path },
    envOverrides: {},
    runId: 'recipes-test',
    pip: await testPipOptions(),
    checkTimeoutMs: 120_000,
  });
}

/** One line per ledger entry: commit number, phase, passed, repair rule, recipe match. */
function summary(entries: LedgerEntry[], commits: string[]): string[] {
  return entries.map((entry) => {
    const n = commits.indexOf(entry.commit) + 1;
    if (entry.kind === 'result') return `c${n} ${entry.status} after ${entry.attempts}`;
    const recipe = entry.notes?.find((note) => note.startsWith('recipe: '));
    const match = recipe ? ` recipe(${/\(([^)]*)\)$/.exec(recipe)?.[1]})` : '';
    return `c${n} ${entry.phase}:${entry.passed}${entry.repair ? ` ${entry.repair.rule}` : ''}${match}`;
  });
}

describe("recipe memory over one repository's history", () => {
  it('diagnoses the vcs-version repair once; later commits start from the recipe, one that fails falls back to detection, and an imported recipe file seeds a fresh cache', async () => {
    const path = join(root, 'scm-history');
    const cache = join(root, 'cache');
    const commits = [await makeRepo(path, first)];
    const edited = first['pyproject.toml']!.replace('test = ["pytest"]', 'test = ["pytest"]\ndocs = []');
    commits.push(await commitFiles(path, { 'pyproject.toml': edited }, 'a docs extra: new manifests'));
    const code = first['src/scmcalc/__init__.py']!.replace('a + b', 'b + a');
    commits.push(await commitFiles(path, { 'src/scmcalc/__init__.py': code }, 'code only'));
    commits.push(await commitFiles(path, toxDriven, 'static version, tox.ini sets CALC_MODE'));

    const run = await sandboxes(path, cache);
    for (const [i, commit] of commits.entries()) await (await run.open(instance(commit, i + 1))).close();

    const entries = await readLedger(cache, repo);
    const latest = "the repository's most recent, with this commit's manifests";
    expect(summary(entries, commits)).toEqual([
      'c1 build:false vcs-version',
      'c1 check:true',
      'c1 ready after 2',
      `c2 check:true recipe(${latest})`,
      'c2 ready after 1',
      `c4 check:false recipe(${latest})`,
      'c4 failed after 1',
      'c4 check:true',
      'c4 ready after 1',
    ]);
    const diagnosed = entries.filter((e) => e.kind === 'attempt' && e.diagnosis?.rule === 'vcs-version');
    expect(diagnosed).toHaveLength(1);
    const recipeFailure = entries[5];
    expect(recipeFailure).toMatchObject({ message: expect.stringMatching(/^the recipe failed: suite: /) });
    expect(recipeFailure?.kind === 'attempt' && recipeFailure.log_tail).toMatch(/CALC_MODE must be strict/);
    expect(entries[6]).toMatchObject({ message: expect.stringMatching(/going on from the detected spec$/) });

    const stored = await readRecipes(cache, repo);
    expect(stored.map((r) => [commits.indexOf(r.commit) + 1, r.attempts, r.saved])).toEqual([
      [1, 2, 1],
      [2, 2, 0],
      [4, 1, 0],
    ]);
    expect(stored[1]?.spec.install[0]).toBe('export SETUPTOOLS_SCM_PRETEND_VERSION=0.0.0');
    expect(stored[2]?.spec.env['CALC_MODE']).toBe('strict');

    const file = join(root, 'recipes.yaml');
    await runCli('env', 'recipes', 'export', '--repo', repo, '--out', file, '--cache', cache);
    const fresh = join(root, 'fresh-cache');
    expect(await runCli('env', 'recipes', 'import', file, '--cache', fresh)).toMatch(
      /^3 recipe\(s\) imported, 0 already stored, into /,
    );
    expect(`${await runCli('env', 'recipes', 'export', '--cache', fresh)}\n`).toBe(
      await readFile(file, 'utf8'),
    );

    await (await (await sandboxes(path, fresh)).open(instance(commits[0]!, 1))).close();
    expect(summary(await readLedger(fresh, repo), commits)).toEqual([
      'c1 check:true recipe(same manifest digest)',
      'c1 ready after 1',
    ]);
  });
});
