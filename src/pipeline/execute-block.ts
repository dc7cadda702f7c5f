import type { Block } from '../block.js';
import type { ErrorCode } from '../errors.js';
import { createProgress, type ProgressCounts, type ProgressMode, type RunSummary } from '../progress.js';
import { createJobExecutor } from '../queue/execute.js';
import { createLocalQueue } from '../queue/local.js';
import type { JobResult } from '../queue/queue.js';
import type { RunStore } from '../store/run-store.js';
import { checkResumable, configHash } from './config-hash.js';
import { planStage } from './plan.js';

/** What happened to one item, as `onItem` hears it. */
export type ItemEvent =
  | { key: string; status: 'done'; attempts: number; output: unknown }
  | { key: string; status: 'skipped' }
  | { key: string; status: 'failed'; attempts: number; code: ErrorCode; message: string };

export interface StageRunOptions<C> {
  store: RunStore;
  config: C;
  /**
   * Where the store keeps this stage's items, output JSONL, logs and recorded config (default: the block's
   * name), so one run directory holds two stages of the same block.
   */
  stageName?: string;
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
  /**
   * What a config other than the recorded one does: `refuse` (default) throws `config_changed` while
   * results finished under the old one stand; `recompute` recomputes every item under the new one, as
   * `redo` would.
   */
  configChange?: 'refuse' | 'recompute';
  /** Aborting stops new items from starting; items in flight see the aborted signal. */
  signal?: AbortSignal;
  progress?: ProgressMode;
  progressStream?: NodeJS.WritableStream & { isTTY?: boolean };
  onItem?: (event: ItemEvent) => void;
}

/** Runs a block over items with the store, resume and progress; the core of `runStage` and `runBlock`. */
export async function executeBlock<I, O, C>(
  block: Block<I, O, C>,
  items: Iterable<unknown> | AsyncIterable<unknown>,
  options: StageRunOptions<C>,
): Promise<{ run: RunSummary; keys: string[]; stageName: string }> {
  const started = Date.now();
  const { store } = options;
  const stageName = options.stageName ?? block.name;
  const signal = options.signal ?? new AbortController().signal;
  const hash = configHash(block, options.config);
  const recorded = store.config(stageName)?.config_hash;
  const changed = recorded !== undefined && recorded !== hash && options.configChange === 'recompute';
  const redo = (options.redo ?? false) || changed;
  checkResumable(store, block, options.config, redo, stageName);
  const plan = await planStage(block, items, { store, stageName, hash, redo });

  const counts: ProgressCounts = { done: 0, skipped: plan.skipped.length, failed: 0 };
  const failures: RunSummary['failures'] = [];
  const progress = createProgress(options.progress ?? 'auto', {
    block: stageName,
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
    if (record) store.record(stageName, key, { ...result, configHash: hash });
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
        const inputDigest = plan.digests.get(job.key);
        store.record(stageName, job.key, {
          ...result,
          configHash: hash,
          ...(inputDigest ? { inputDigest } : {}),
        });
        finish(job.key, result);
      },
      signal,
    );
  } finally {
    progress.stop();
  }
  const run: RunSummary = {
    block: stageName,
    ...counts,
    total: plan.total,
    interrupted: signal.aborted,
    failures,
    duration_ms: Date.now() - started,
  };
  return { run, keys: plan.keys, stageName };
}
