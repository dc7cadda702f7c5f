import { readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureMirror, mirrorPath } from '../../../repos/mirror.js';
import { tempDir } from '../../../repos/test-repo.js';
import { openRunStore } from '../../../store/run-store.js';
import { mineRepos, type MineRunOptions } from './run-mine.js';
import { commitOn, gitAt, scriptRepo, type ScriptedCommit } from './test-history.js';

const pyproject = '[project]\nname = "app"\nversion = "0.1.0"\nrequires-python = ">=3.9"\n';
/** A change to code and tests (a candidate), or to the README only (rejected: no tests). */
const fix = (name: string, n: number): ScriptedCommit => ({
  name,
  message: `Fix ${name}`,
  files: { 'src/app.py': `X = ${n}\n`, 'tests/test_app.py': `def test_x():\n    assert ${n}\n` },
});
const docs = (name: string): ScriptedCommit => ({
  name,
  message: `Document ${name}`,
  files: { 'README.md': `# app ${name}\n` },
});
const start: ScriptedCommit = {
  name: 'root',
  message: 'Start',
  files: {
    'pyproject.toml': pyproject,
    'src/app.py': 'X = 0\n',
    'tests/test_app.py': 'def test_x():\n    pass\n',
  },
};

let root: string;
beforeAll(async () => {
  root = await tempDir('lf-mine-refresh-');
});
afterAll(() => rm(root, { recursive: true, force: true }));

let day = 10;
/** Commits `commits` on top of the repository at `dir`; returns their shas by name. */
async function advance(dir: string, commits: ScriptedCommit[]): Promise<Record<string, string>> {
  const shas: Record<string, string> = {};
  for (const commit of commits) shas[commit.name] = await commitOn(dir, commit, day++);
  return shas;
}

function runner(name: string, repos: Record<string, string>) {
  const dir = join(root, 'runs', name);
  return (options: Partial<MineRunOptions> = {}) =>
    mineRepos({
      repos,
      outPath: join(dir, 'candidates.jsonl'),
      runDir: join(dir, 'run'),
      cacheDir: join(root, 'caches', name),
      progress: 'off',
      ...options,
    });
}

const id = (repo: string, sha: string) => `${repo.replace('/', '__')}-${sha.slice(0, 7)}`;
const idsIn = async (path: string) =>
  (await readFile(path, 'utf8'))
    .trim()
    .split('\n')
    .map((line) => (JSON.parse(line) as { instance_id: string }).instance_id);

describe('swegen mine --refresh', () => {
  it('mines exactly the commits after the cursor, then does nothing and says so', async () => {
    const source = join(root, 'app');
    const old = await scriptRepo(source, [start, fix('one', 1), docs('a')]);
    const mine = runner('app', { 'acme/app': source });
    const full = await mine();
    expect(full.candidates.map((c) => c.instance_id)).toEqual([id('acme/app', old['one']!)]);

    const added = await advance(source, [fix('two', 2), docs('b'), docs('c'), fix('three', 3)]);
    const refresh = await mine({ refresh: true });
    expect(refresh.refresh).toEqual({
      new_commits: 4,
      new_candidates: 2,
      repos_mined: 1,
      repos_unchanged: 0,
      repos_skipped: 0,
      repos: [
        {
          repo: 'acme/app',
          status: 'mined',
          cursor_before: old['a'],
          head_after: added['three'],
          new_commits: 4,
          new_candidates: 2,
        },
      ],
    });
    expect(refresh.run).toMatchObject({ total: 1, done: 1, skipped: 0, failed: 0 });
    expect(refresh.results.map((r) => [r.cursor, r.head, r.commits_scanned])).toEqual([
      [old['a'], added['three'], 4],
    ]);
    expect(refresh.results[0]!.rejected).toEqual({ no_tests: 2 });
    const all = [old['one']!, added['two']!, added['three']!].map((sha) => id('acme/app', sha));
    expect(refresh.candidates.map((c) => c.instance_id)).toEqual(all);
    expect(await idsIn(refresh.outPath)).toEqual(all);
    expect(refresh.ledger.stages[0]).toMatchObject({ input: 4, output: 2 });

    const store = openRunStore(refresh.runDir);
    const keys = store.items('swegen-mine').map((item) => [item.key, item.status]);
    store.close();
    const range = `${old['a']!.slice(0, 12)}..${added['three']!.slice(0, 12)}`;
    expect(keys).toEqual([
      ['acme/app', 'done'],
      [`acme/app@${range}`, 'done'],
    ]);

    const again = await mine({ refresh: true });
    expect(again.refresh).toMatchObject({ new_commits: 0, new_candidates: 0, repos_unchanged: 1 });
    expect(again.refresh!.repos[0]).toMatchObject({
      status: 'unchanged',
      cursor_before: added['three'],
      head_after: added['three'],
    });
    expect(again.run).toMatchObject({ total: 0, done: 0 });
    expect(await idsIn(again.outPath)).toEqual(all);

    const plain = await mine();
    expect(plain.run).toMatchObject({ total: 1, skipped: 1, done: 0 });
    expect(plain.candidates.map((c) => c.instance_id)).toEqual(all);
    const later = await advance(source, [fix('four', 4)]);
    const stopped = await mine({ refresh: true, signal: AbortSignal.abort() });
    expect(stopped.run).toMatchObject({ total: 0, interrupted: true });
    expect(stopped.refresh!.repos[0]).toMatchObject({
      status: 'failed',
      cursor_before: added['three'],
      head_after: null,
      error: { code: 'interrupted' },
    });
    const resumed = await mine({ refresh: true });
    expect(resumed.refresh!.repos[0]).toMatchObject({
      status: 'mined',
      cursor_before: added['three'],
      head_after: later['four'],
      new_commits: 1,
      new_candidates: 1,
    });
    expect(resumed.candidates.map((c) => c.instance_id)).toEqual([...all, id('acme/app', later['four']!)]);
  });

  it('skips an unreachable repository with its reason, keeps its cursor, and mines the others', async () => {
    const gone = join(root, 'gone');
    const live = join(root, 'live');
    const goneShas = await scriptRepo(gone, [start, fix('one', 1)]);
    const liveShas = await scriptRepo(live, [start, fix('one', 1)]);
    const mine = runner('pair', { 'acme/gone': gone, 'acme/live': live });
    expect((await mine()).candidates).toHaveLength(2);

    await advance(gone, [fix('two', 2)]);
    await rename(gone, `${gone}-moved`);
    const added = await advance(live, [fix('two', 2), docs('d')]);
    const refresh = await mine({ refresh: true });
    expect(refresh.refresh!.repos.map((r) => [r.repo, r.status, r.new_commits, r.new_candidates])).toEqual([
      ['acme/gone', 'unreachable', 0, 0],
      ['acme/live', 'mined', 2, 1],
    ]);
    const skipped = refresh.refresh!.repos[0]!;
    expect(skipped).toMatchObject({ cursor_before: goneShas['one'], head_after: null });
    expect(skipped.error).toEqual({
      code: 'repo_unavailable',
      message: `source path of acme/gone does not exist: ${gone}`,
    });
    expect(refresh.refresh).toMatchObject({ repos_mined: 1, repos_skipped: 1, new_candidates: 1 });
    expect(refresh.ledger.failures).toEqual([{ stage: 'mine', key: 'acme/gone', ...skipped.error }]);
    const summary = JSON.parse(await readFile(join(refresh.runDir, 'summary.json'), 'utf8')) as {
      ledger: { failures: unknown[]; refresh: { repos_skipped: number } };
    };
    expect(summary.ledger.failures).toEqual(refresh.ledger.failures);
    expect(summary.ledger.refresh.repos_skipped).toBe(1);
    expect(refresh.candidates.map((c) => c.instance_id)).toEqual([
      id('acme/gone', goneShas['one']!),
      id('acme/live', liveShas['one']!),
      id('acme/live', added['two']!),
    ]);

    await rename(`${gone}-moved`, gone);
    const back = await mine({ refresh: true });
    expect(back.refresh!.repos.map((r) => [r.repo, r.status, r.cursor_before, r.new_commits])).toEqual([
      ['acme/gone', 'mined', goneShas['one'], 1],
      ['acme/live', 'unchanged', added['d'], 0],
    ]);
    expect(back.candidates).toHaveLength(4);
  });

  it('after a force push mines only the rewritten commits, or all of HEAD when the cursor is gone, and says so', async () => {
    const source = join(root, 'forced');
    const old = await scriptRepo(source, [start, fix('one', 1), fix('two', 2)]);
    const mine = runner('forced', { 'acme/forced': source });
    expect((await mine()).candidates).toHaveLength(2);

    await gitAt(source, ['reset', '-q', '--hard', old['one']!]);
    const rewritten = await advance(source, [fix('redo', 5)]);
    const refresh = await mine({ refresh: true });
    expect(refresh.refresh!.repos).toEqual([
      {
        repo: 'acme/forced',
        status: 'mined',
        cursor_before: old['two'],
        head_after: rewritten['redo'],
        force_pushed: true,
        new_commits: 1,
        new_candidates: 1,
      },
    ]);
    expect(refresh.candidates.map((c) => c.source?.['commit'])).toEqual([
      old['one'],
      old['two'],
      rewritten['redo'],
    ]);
    await gitAt(source, ['reset', '-q', '--hard', old['one']!]);
    const again = await advance(source, [fix('again', 6)]);
    const mirror = mirrorPath(join(root, 'caches', 'forced'), 'acme/forced');
    await ensureMirror('acme/forced', source, join(root, 'caches', 'forced'));
    await gitAt(mirror, ['reflog', 'expire', '--expire=now', '--all']);
    await gitAt(mirror, ['gc', '-q', '--prune=now']);
    await expect(gitAt(mirror, ['cat-file', '-e', rewritten['redo']!])).rejects.toThrow();
    const lost = await mine({ refresh: true });
    expect(lost.refresh!.repos[0]).toMatchObject({
      status: 'mined',
      cursor_before: rewritten['redo'],
      head_after: again['again'],
      force_pushed: true,
      new_commits: 3,
      new_candidates: 1,
    });
    expect(lost.candidates.map((c) => c.source?.['commit'])).toEqual([
      old['one'],
      old['two'],
      rewritten['redo'],
      again['again'],
    ]);
  });
});
