import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { GitHubClient } from '../../../github/types.js';
import type { ProgressMode } from '../../../progress.js';
import type { RunSummary } from '../../../progress.js';
import { runStage, type StageResult } from '../../../pipeline/run-stage.js';
import { mapStage } from '../../../pipeline/stage.js';
import type { Candidate, MineRefresh, MineResult, YieldLedger } from '../../../schema/swegen.js';
import { writeJson } from '../../../store/jsonl.js';
import { openRunStore } from '../../../store/run-store.js';
import { countReasons } from '../ledger.js';
import { MineRules } from '../rules.js';
import { createMineBlock, type MineConfig } from './index.js';
import { mineCursors, minedItemsOf, unionCandidates } from './mined-items.js';
import { planRefresh, refreshReport, type RefreshPlan } from './refresh.js';

export interface MineRunOptions {
  /** `owner/name` → local path or URL. */
  repos: Record<string, string>;
  /** Where the candidates go (JSONL). */
  outPath: string;
  /** The run directory: state, per-repository candidates and rejections, summary.json. */
  runDir: string;
  cacheDir: string;
  maxCommits?: number;
  since?: string;
  /** Overrides of the default rules. */
  rules?: Partial<MineRules>;
  envOverrides?: Record<string, string>;
  /** Link statements to GitHub issues and pull requests through this client. */
  github?: { client: GitHubClient; apiUrl: string };
  workers?: number;
  redo?: boolean;
  signal?: AbortSignal;
  progress?: ProgressMode;
  /** The stage's name in the run directory (default `swegen-mine`). */
  stageName?: string;
  /**
   * Fetch every repository and mine only the first-parent history after its cursor (the head of its latest
   * done mine item), as a new item keyed `owner/name@<cursor12>..<head12>`; see `planRefresh`.
   */
  refresh?: boolean;
  /** `recompute`: a changed config recomputes this stage instead of being refused (default `refuse`). */
  configChange?: 'refuse' | 'recompute';
}

export interface MineRunResult {
  runDir: string;
  outPath: string;
  /** Every done item's candidates for these repositories, old first, each instance id once. */
  candidates: Candidate[];
  /** This run's items. */
  results: MineResult[];
  run: RunSummary;
  ledger: YieldLedger;
  /** What a refresh did per repository (refresh runs only). */
  refresh?: MineRefresh;
}

function mineLedger(results: MineResult[], run: RunSummary, refresh?: MineRefresh): YieldLedger {
  const skipped = (refresh?.repos ?? []).flatMap(({ repo, status, error }) =>
    status === 'unreachable' && error ? [{ stage: 'mine', key: repo, ...error }] : [],
  );
  const reasons = results.flatMap((r) =>
    Object.entries(r.rejected).flatMap(([reason, n]) => Array<string>(n).fill(reason)),
  );
  const sum = (pick: (r: MineResult) => number) => results.reduce((total, r) => total + pick(r), 0);
  return {
    stages: [
      {
        stage: 'mine',
        input: sum((r) => r.commits_scanned),
        output: sum((r) => r.candidates),
        failed: 0,
        duration_ms: run.duration_ms,
      },
    ],
    rejections: countReasons('mine', reasons),
    flaky: { tests: 0, instances: 0 },
    env_failures: [],
    failures: [...skipped, ...run.failures.map((f) => ({ stage: 'mine', ...f }))],
    test_ms: 0,
    item_ms: 0,
    ...(refresh ? { refresh } : {}),
  };
}

/**
 * `swegen mine`: mines each repository's history (one block item per repository, resumable), writes
 * every candidate to `outPath`, and the run's summary with its yield ledger to `runDir/summary.json`.
 * With `refresh`, mines only each repository's history after its cursor; the output stays the union of
 * every done item's candidates, old first.
 */
export async function mineRepos(options: MineRunOptions): Promise<MineRunResult> {
  const config: MineConfig = {
    cacheDir: options.cacheDir,
    ...(options.maxCommits === undefined ? {} : { maxCommits: options.maxCommits }),
    ...(options.since === undefined ? {} : { since: options.since }),
    rules: MineRules.parse(options.rules ?? {}),
    envOverrides: options.envOverrides ?? {},
    github: options.github ? { apiUrl: options.github.apiUrl } : null,
  };
  const block = createMineBlock(options.github ? { github: options.github.client } : {});
  const stageName = options.stageName ?? block.name;
  const repos = Object.keys(options.repos);
  const store = openRunStore(options.runDir);
  let plan: RefreshPlan | undefined;
  let mined: MineResult[];
  let stage: StageResult<MineResult>;
  try {
    plan = options.refresh
      ? await planRefresh(options.repos, mineCursors(store, stageName), {
          cacheDir: options.cacheDir,
          concurrency: options.workers ?? 1,
          ...(options.signal ? { signal: options.signal } : {}),
        })
      : undefined;
    const items = plan?.items ?? Object.entries(options.repos).map(([repo, source]) => ({ repo, source }));
    stage = await runStage(mapStage(block), items, {
      store,
      config,
      workers: options.workers ?? 1,
      redo: options.redo ?? false,
      ...(options.configChange ? { configChange: options.configChange } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      stageName,
      progress: options.progress ?? 'auto',
    });
    mined = minedItemsOf(store, stageName, repos);
  } finally {
    store.close();
  }
  const { run, outputs: results } = stage;
  const { candidates, added } = await unionCandidates(mined);
  await mkdir(dirname(options.outPath), { recursive: true });
  await writeFile(options.outPath, candidates.map((c) => `${JSON.stringify(c)}\n`).join(''));
  const refresh = plan && refreshReport(plan, run, results, added);
  const ledger = mineLedger(results, run, refresh);
  await writeJson(join(options.runDir, 'summary.json'), { run, ledger });
  return {
    runDir: options.runDir,
    outPath: options.outPath,
    candidates,
    results,
    run,
    ledger,
    ...(refresh ? { refresh } : {}),
  };
}
