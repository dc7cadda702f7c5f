import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { GitHubClient } from '../../../github/types.js';
import type { ProgressMode } from '../../../progress.js';
import type { RunSummary } from '../../../progress.js';
import { runStage } from '../../../pipeline/run-stage.js';
import { mapStage } from '../../../pipeline/stage.js';
import type { MineResult } from '../../../schema/swegen.js';
import { type Candidate, type YieldLedger } from '../../../schema/swegen.js';
import { writeJson } from '../../../store/jsonl.js';
import { openRunStore } from '../../../store/run-store.js';
import { countReasons } from '../ledger.js';
import { MineRules } from '../rules.js';
import { createMineBlock, type MineConfig } from './index.js';

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
}

export interface MineRunResult {
  runDir: string;
  outPath: string;
  candidates: Candidate[];
  results: MineResult[];
  run: RunSummary;
  ledger: YieldLedger;
}

/** The candidates a mining item wrote: its own output, so they are read back without validating again. */
async function readCandidates(path: string): Promise<Candidate[]> {
  const text = await readFile(path, 'utf8');
  return text === ''
    ? []
    : text
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line) as Candidate);
}

function mineLedger(results: MineResult[], run: RunSummary): YieldLedger {
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
    failures: run.failures.map((f) => ({ stage: 'mine', ...f })),
    test_ms: 0,
    item_ms: 0,
  };
}

/**
 * `swegen mine`: mines each repository's history (one block item per repository, resumable), writes
 * every candidate to `outPath`, and the run's summary with its yield ledger to `runDir/summary.json`.
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
  const items = Object.entries(options.repos).map(([repo, source]) => ({ repo, source }));
  const store = openRunStore(options.runDir);
  const { run, outputs: results } = await runStage(mapStage(block), items, {
    store,
    config,
    workers: options.workers ?? 1,
    redo: options.redo ?? false,
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.stageName ? { stageName: options.stageName } : {}),
    progress: options.progress ?? 'auto',
  }).finally(() => store.close());
  const candidates = (await Promise.all(results.map((r) => readCandidates(r.candidates_path)))).flat();
  await mkdir(dirname(options.outPath), { recursive: true });
  await writeFile(options.outPath, candidates.map((c) => `${JSON.stringify(c)}\n`).join(''));
  const ledger = mineLedger(results, run);
  await writeJson(join(options.runDir, 'summary.json'), { run, ledger });
  return { runDir: options.runDir, outPath: options.outPath, candidates, results, run, ledger };
}
