import { createHash } from 'node:crypto';
import type { Block } from './block.js';
import type { ErrorCode } from './errors.js';
import { createProgress, type ProgressCounts, type ProgressMode, type RunSummary } from './progress.js';
import { createJobExecutor } from './queue/execute.js';
import { createLocalQueue } from './queue/local.js';
import type { Job, JobResult } from './queue/queue.js';
import { canonicalJson, formatIssues } from './json.js';
import { checkRunConfig } from './store/run-config.js';
import type { RunStore } from './store/run-store.js';

export { formatSummary, type RunSummary } from './progress.js';

/** What happened to one item, as `onItem` hears it. */
export type ItemEvent =
  | { key: string; status: 'done'; attempts: number; output: unknown }
  | { key: string; status: 'skipped' }
  | { key: string; status: 'failed'; attempts: number; code: ErrorCode; message: string };

export interface RunOptions<C> {
  store: RunStore;
  config: C;
  /** Items run at once; default 1. */
  workers?: number;
  /** Extra attempts for LegoErrors flagged retryable; default 2. */
  retries?: number;
  /** Delay before the first retry, doubled on each further one; default 1000 ms. */
  backoffMs?: number;
  /**
   * Recompute every item, under this config even when the run directory recorded another one. Without it, a
   * run directory whose recorded config differs is refused before any item runs.
   */
  redo?: boolean;
  /** Aborting stops new items from starting; items in flight see the aborted signal. */
  signal?: AbortSignal;
  progress?: ProgressMode;
  progressStream?: NodeJS.WritableStream & { isTTY?: boolean };
  onItem?: (event: ItemEvent) => void;
}

/**
 * Config keys that say where files are kept, how sandboxes are labelled or how much git history a checkout
 * fetches, never what a result is.
 */
const placementKeys = new Set(['cacheDir', 'runId', 'history']);

/** The config without its placement keys (at any depth): the part that decides results. */
export function resultConfig(config: unknown): unknown {
  if (Array.isArray(config)) return config.map(resultConfig);
  if (config === null || typeof config !== 'object') return config ?? null;
  return Object.fromEntries(
    Object.entries(config)
      .filter(([key]) => !placementKeys.has(key))
      .map(([key, value]) => [key, resultConfig(value)]),
  );
}

/**
 * sha256 over the canonical JSON of the block's name, version and result config: what "done" is relative
 * to. Moving the cache or naming the run otherwise leaves every result done.
 */
export function configHash(block: { name: string; version: string }, config: unknown): string {
  const identity = canonicalJson({ name: block.name, version: block.version, config: resultConfig(config) });
  return createHash('sha256').update(identity).digest('hex');
}

/**
 * What `runBlock` checks first, for a pipeline to call on each later stage before the first one runs: refuses
 * (`config_changed`) to resume `block` under another config while results finished under the old one stand.
 */
export function checkResumable(
  store: RunStore,
  block: { name: string; version: string },
  config: unknown,
  redo: boolean,
) {
  checkRunConfig(store, block, resultConfig(config), configHash(block, config), redo);
}

interface Rejected {
  key: string;
  message: string;
  /** False for a duplicate key: its row belongs to the first item with that key. */
  record: boolean;
}

interface RunPlan {
  total: number;
  jobs: Job[];
  skipped: string[];
  rejected: Rejected[];
}

/**
 * Runs `block` over `items`, recording each outcome in the run store. A run directory that recorded another
 * config for the block is refused (`config_changed`) unless `redo`. Items done under the config hash are
 * skipped (unless `redo`); a done item's result stays until its recomputation commits, and stays for good
 * when that fails. Invalid items fail with `bad_input`; every error is recorded and the run goes on.
 * Resolves with the summary once every item has finished or, after an abort, the items in flight have.
 */
export async function runBlock<I, O, C>(
  block: Block<I, O, C>,
  items: Iterable<unknown> | AsyncIterable<unknown>,
  options: RunOptions<C>,
): Promise<RunSummary> {
  const started = Date.now();
  const { store } = options;
  const signal = options.signal ?? new AbortController().signal;
  const hash = configHash(block, options.config);
  checkRunConfig(store, block, resultConfig(options.config), hash, options.redo ?? false);
  const plan = await planRun(block, items, store, hash, options.redo ?? false);

  const counts: ProgressCounts = { done: 0, skipped: plan.skipped.length, failed: 0 };
  const failures: RunSummary['failures'] = [];
  const progress = createProgress(options.progress ?? 'auto', {
    block: block.name,
    total: plan.total,
    stream: options.progressStream,
  });
  const finish = (key: string, result: JobResult) => {
    if (result.status === 'done') counts.done++;
    else {
      counts.failed++;
      failures.push({ key, code: result.code, message: result.message });
    }
    progress.update(counts);
    options.onItem?.({ key, ...result });
  };

  for (const key of plan.skipped) options.onItem?.({ key, status: 'skipped' });
  progress.update(counts);
  for (const { key, message, record } of plan.rejected) {
    const result: JobResult = { status: 'failed', code: 'bad_input', message, attempts: 0 };
    if (record) store.record(block.name, key, { ...result, configHash: hash });
    finish(key, result);
  }

  const execute = createJobExecutor(block, {
    runDir: store.dir,
    config: options.config,
    retries: options.retries ?? 2,
    backoffMs: options.backoffMs ?? 1000,
    signal,
  });
  const queue = createLocalQueue({ concurrency: options.workers ?? 1, execute });
  try {
    await queue.run(
      plan.jobs,
      (job, result) => {
        store.record(block.name, job.key, { ...result, configHash: hash });
        finish(job.key, result);
      },
      signal,
    );
  } finally {
    progress.stop();
  }
  return {
    block: block.name,
    ...counts,
    total: plan.total,
    interrupted: signal.aborted,
    failures,
    duration_ms: Date.now() - started,
  };
}

async function planRun<I, O, C>(
  block: Block<I, O, C>,
  items: Iterable<unknown> | AsyncIterable<unknown>,
  store: RunStore,
  hash: string,
  redo: boolean,
): Promise<RunPlan> {
  const plan: RunPlan = { total: 0, jobs: [], skipped: [], rejected: [] };
  const seen = new Set<string>();
  for await (const item of items) {
    const position = ++plan.total;
    const input = block.input.safeParse(item);
    const key = keyOf(block, input.success ? input.data : item) ?? `#${position}`;
    if (seen.has(key)) {
      plan.rejected.push({ key, message: `item ${position} repeats the key ${key}`, record: false });
      continue;
    }
    seen.add(key);
    const row = store.item(block.name, key);
    if (input.success && row?.status === 'done' && row.config_hash === hash && !redo) {
      plan.skipped.push(key);
      continue;
    }
    if (input.success) plan.jobs.push({ block: block.name, key, item, configHash: hash, attempt: 1 });
    else plan.rejected.push({ key, message: `item ${position}: ${formatIssues(input.error)}`, record: true });
  }
  return plan;
}

/** The item's key, or undefined when the block cannot compute one (an invalid item). */
function keyOf<I>(block: Block<I, unknown, unknown>, item: unknown): string | undefined {
  try {
    const key = block.key(item as I);
    return typeof key === 'string' && key !== '' ? key : undefined;
  } catch {
    return undefined;
  }
}
