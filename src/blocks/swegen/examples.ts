import { join } from 'node:path';
import { buildExamplesCached } from '../../examples/build.js';
import { defaultCacheDir } from '../../cache-dir.js';
import type { PipOptions } from '../../env/pip-options.js';
import type { ProgressMode } from '../../progress.js';
import type { ProviderName } from '../../sandbox/index.js';
import { combineLedgers, type YieldLedger } from './ledger.js';
import { mineRepos, type MineRunResult } from './mine/run-mine.js';
import { validateCandidates, type ValidateRunResult } from './validate/run-validate.js';

export interface ExamplesYieldOptions {
  /** Candidates, instances and run directories go here. */
  outDir: string;
  sandbox: ProviderName;
  workers: number;
  /** NOP and Oracle runs per candidate; default 3. */
  runs?: number;
  /** Already built example repositories (`owner/name` → path); built in the cache when absent. */
  repos?: Record<string, string>;
  /** Mirrors, environments, work directories (and the examples when built here); default the LegoFactory cache. */
  cacheDir?: string;
  pip?: PipOptions;
  signal?: AbortSignal;
  progress?: ProgressMode;
  log?: (line: string) => void;
}

export interface ExamplesYield {
  mine: MineRunResult;
  validate: ValidateRunResult;
  /** Mine, validate and gate stages in one ledger (print it with `formatLedger`). */
  ledger: YieldLedger;
}

/** Mines the example repositories' history and validates the candidates: real instances end to end. */
export async function mineAndValidateExamples(options: ExamplesYieldOptions): Promise<ExamplesYield> {
  const log = options.log ?? (() => {});
  const cacheDir = options.cacheDir ?? defaultCacheDir(process.env);
  const repos =
    options.repos ??
    Object.fromEntries((await buildExamplesCached(cacheDir)).repos.map((r) => [r.repo, r.path]));
  const common = {
    ...(options.signal ? { signal: options.signal } : {}),
    progress: options.progress ?? 'auto',
    workers: options.workers,
  } as const;
  log(`mining the history of ${Object.keys(repos).join(', ')}`);
  const mine = await mineRepos({
    repos,
    outPath: join(options.outDir, 'swegen', 'candidates.jsonl'),
    runDir: join(options.outDir, 'swegen', 'mine'),
    cacheDir,
    ...common,
  });
  log(`validating ${mine.candidates.length} candidates (${options.sandbox} sandbox)`);
  const validate = await validateCandidates({
    candidatesPath: mine.outPath,
    outPath: join(options.outDir, 'swegen', 'instances.jsonl'),
    runDir: join(options.outDir, 'swegen', `validate-${options.sandbox}`),
    sandbox: options.sandbox,
    runs: options.runs ?? 3,
    timeoutMs: 600_000,
    tasks: {
      cacheDir,
      repos,
      envOverrides: {},
      runId: `swegen-examples-${options.sandbox}`,
      ...(options.pip ? { pip: options.pip } : {}),
    },
    ...common,
  });
  return { mine, validate, ledger: combineLedgers(mine.ledger, validate.ledger) };
}
