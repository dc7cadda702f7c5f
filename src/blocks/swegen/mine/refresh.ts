import PQueue from 'p-queue';
import { toLegoError } from '../../../errors.js';
import type { RunSummary } from '../../../progress.js';
import { ensureMirror } from '../../../repos/mirror.js';
import type { MineRefresh, MineResult, RepoRefresh } from '../../../schema/swegen.js';
import { resolveHead } from './head.js';
import type { MineItem } from './index.js';

/** One repository before its refresh runs: its item, or why it has none. */
type Planned =
  | { repo: string; cursor: string | null; head: string; item: MineItem }
  | { repo: string; cursor: string | null; head: string; item: null }
  | { repo: string; cursor: string | null; head: null; error: { code: string; message: string } }
  | { repo: string; cursor: string | null; head: null; interrupted: true };

export interface RefreshPlan {
  repos: Planned[];
  /** The items to run: one per repository with commits after its cursor. */
  items: MineItem[];
}

async function planRepo(
  repo: string,
  source: string,
  cursor: string | null,
  cacheDir: string,
  signal?: AbortSignal,
): Promise<Planned> {
  if (signal?.aborted) return { repo, cursor, head: null, interrupted: true };
  try {
    const head = await resolveHead(await ensureMirror(repo, source, cacheDir), repo);
    if (head === cursor) return { repo, cursor, head, item: null };
    const item: MineItem = cursor ? { repo, source, refresh: { cursor, head } } : { repo, source };
    return { repo, cursor, head, item };
  } catch (err) {
    const { code, message } = toLegoError(err);
    return { repo, cursor, head: null, error: { code, message } };
  }
}

/**
 * Fetches every repository's mirror (`concurrency` at once) and plans its refresh: an item for the history
 * after its cursor (a full mine, keyed `owner/name`, when it has none), nothing when HEAD is the cursor, and
 * a recorded reason when the fetch fails (the repository is skipped and its cursor stays). Once `signal`
 * aborts, the repositories not fetched yet are left out (reported as interrupted).
 */
export async function planRefresh(
  repos: Record<string, string>,
  cursors: ReadonlyMap<string, string>,
  options: { cacheDir: string; concurrency: number; signal?: AbortSignal },
): Promise<RefreshPlan> {
  const queue = new PQueue({ concurrency: options.concurrency });
  const planned = await Promise.all(
    Object.entries(repos).map(([repo, source]) =>
      queue.add(() => planRepo(repo, source, cursors.get(repo) ?? null, options.cacheDir, options.signal)),
    ),
  );
  return { repos: planned, items: planned.flatMap((p) => ('item' in p && p.item ? [p.item] : [])) };
}

const interrupted = { code: 'interrupted', message: 'the run stopped before this repository was mined' };

function reportRepo(
  planned: Planned,
  run: RunSummary,
  results: MineResult[],
  added: ReadonlyMap<string, number>,
): RepoRefresh {
  const base = { repo: planned.repo, cursor_before: planned.cursor, head_after: planned.head };
  const none = { new_commits: 0, new_candidates: 0 };
  if ('interrupted' in planned) return { ...base, status: 'failed', ...none, error: interrupted };
  if (!('item' in planned)) return { ...base, status: 'unreachable', ...none, error: planned.error };
  if (!planned.item) return { ...base, status: 'unchanged', ...none };
  const result = results.find((r) => r.repo === planned.repo);
  if (!result) {
    const failure = run.failures.find((f) => f.key === planned.repo || f.key.startsWith(`${planned.repo}@`));
    const error = failure ? { code: failure.code, message: failure.message } : interrupted;
    return { ...base, status: 'failed', ...none, error };
  }
  return {
    ...base,
    head_after: result.head,
    status: 'mined',
    ...(result.force_pushed ? { force_pushed: true } : {}),
    new_commits: result.commits_scanned,
    new_candidates: added.get(result.candidates_path) ?? 0,
  };
}

/** The refresh report (`results`: this run's outputs): per repository, cursor before, head after, new commits and candidates; and totals. */
export function refreshReport(
  plan: RefreshPlan,
  run: RunSummary,
  results: MineResult[],
  added: ReadonlyMap<string, number>,
): MineRefresh {
  const repos = plan.repos.map((planned) => reportRepo(planned, run, results, added));
  const count = (status: RepoRefresh['status']) => repos.filter((r) => r.status === status).length;
  return {
    new_commits: repos.reduce((sum, r) => sum + r.new_commits, 0),
    new_candidates: repos.reduce((sum, r) => sum + r.new_candidates, 0),
    repos_mined: count('mined'),
    repos_unchanged: count('unchanged'),
    repos_skipped: count('unreachable') + count('failed'),
    repos,
  };
}
