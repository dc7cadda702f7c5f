import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { MineRefresh } from '../schema/swegen.js';
import type { StageOutcome } from './stages/types.js';

/** A stage as the ledger needs it: its name, block and outcome. */
type StageRow = StageOutcome & { name: string; block: string };

/** The item counts every stage has; the other counts are totals of records (candidates, instances, …). */
const itemCounts = new Set(['done', 'skipped', 'failed']);

/** One line of `<out>/<name>/refresh.jsonl`: what one `run --refresh` found and sent down. */
export interface RefreshEntry {
  time: string;
  new_commits: number;
  new_candidates: number;
  /** True when mining found nothing new, so no later stage ran. */
  nothing_new: boolean;
  repos: MineRefresh['repos'];
  /** Per stage that ran: its item counts and, per record total, how many records are new (`new_<type>`). */
  stages: { stage: string; block: string; counts: Record<string, number> }[];
}

/** The stages of the pipeline's last run, from its `pipeline.json` (none when it never ran). */
export async function previousStages(dir: string): Promise<StageRow[]> {
  try {
    const saved = JSON.parse(await readFile(join(dir, 'pipeline.json'), 'utf8')) as { stages?: StageRow[] };
    return saved.stages ?? [];
  } catch {
    return [];
  }
}

/** The mine stages' refresh reports merged: new commits and candidates, every repository. */
export function mergedRefresh(stages: StageRow[]): Omit<RefreshEntry, 'time' | 'nothing_new' | 'stages'> {
  const reports = stages.flatMap((s) => (s.refresh ? [s.refresh] : []));
  return {
    new_commits: reports.reduce((n, r) => n + r.new_commits, 0),
    new_candidates: reports.reduce((n, r) => n + r.new_candidates, 0),
    repos: reports.flatMap((r) => r.repos),
  };
}

/** What a refresh that found nothing says: `no new commits in N repositories` (and what was skipped). */
export function nothingNewLine(stages: StageRow[]): string {
  const { new_commits, repos } = mergedRefresh(stages);
  const skipped = repos.filter((r) => r.status === 'unreachable' || r.status === 'failed');
  const unchanged = repos.length - skipped.length;
  const head =
    new_commits === 0
      ? `refresh: no new commits in ${unchanged} repositories`
      : `refresh: ${new_commits} new commits but no new candidates`;
  const skips = skipped.map((r) => `${r.repo} (${r.error?.code ?? r.status})`);
  return `${head}${skips.length > 0 ? `; skipped ${skips.join(', ')}` : ''}; nothing to send down`;
}

/** Per stage, its item counts and `new_<type>`: this run's record totals less the last run's. */
function stageCounts(stage: StageRow, before: StageRow[]): Record<string, number> {
  const old = before.find((s) => s.name === stage.name)?.counts ?? {};
  const counts: Record<string, number> = {};
  for (const [key, n] of Object.entries(stage.counts))
    counts[itemCounts.has(key) ? key : `new_${key}`] = itemCounts.has(key) ? n : n - (old[key] ?? 0);
  return counts;
}

/** Appends one refresh entry to `<dir>/refresh.jsonl` and returns it. */
export async function appendRefreshEntry(
  dir: string,
  ran: StageRow[],
  before: StageRow[],
  nothingNew: boolean,
  now: Date = new Date(),
): Promise<RefreshEntry> {
  const entry: RefreshEntry = {
    time: now.toISOString(),
    ...mergedRefresh(ran),
    nothing_new: nothingNew,
    stages: ran.map((stage) => ({
      stage: stage.name,
      block: stage.block,
      counts: stageCounts(stage, before),
    })),
  };
  await mkdir(dir, { recursive: true });
  await appendFile(join(dir, 'refresh.jsonl'), `${JSON.stringify(entry)}\n`);
  return entry;
}
