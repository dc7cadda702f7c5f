import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Block, BlockContext } from '../block.js';
import { LegoError, toLegoError } from '../errors.js';
import { formatIssues } from '../json.js';
import { runPaths } from '../store/paths.js';
import type { Job, JobExecutor, JobResult } from './queue.js';

/** How a worker runs a block's jobs. */
export interface ExecutorOptions<C> {
  runDir: string;
  config: C;
  /** Extra attempts for errors flagged retryable. */
  retries: number;
  /** Delay before the first retry; doubles on each further retry. */
  backoffMs: number;
  signal: AbortSignal;
}

const sharedValues = new Map<string, unknown>();

/**
 * A value created once per process and shared by every item (`ctx.shared`). A promise that rejects is
 * forgotten, so the next item creates the value afresh instead of inheriting the failure.
 */
function shared<T>(key: string, create: () => T): T {
  if (sharedValues.has(key)) return sharedValues.get(key) as T;
  const value = create();
  sharedValues.set(key, value);
  if (value instanceof Promise)
    value.catch(() => {
      if (sharedValues.get(key) === value) sharedValues.delete(key);
    });
  return value;
}

/**
 * Runs jobs of `block`: validates the item, runs it with retries of retryable errors (exponential backoff)
 * and validates the output. Every error is caught here, once per item, and becomes a failed result.
 */
export function createJobExecutor<I, O, C>(block: Block<I, O, C>, options: ExecutorOptions<C>): JobExecutor {
  return async (job) => {
    const log = itemLogger(options.runDir, job);
    for (let attempt = job.attempt; ; attempt++) {
      try {
        return {
          status: 'done',
          output: await runOnce(block, job, attempt, log, options),
          attempts: attempt,
        };
      } catch (err) {
        const error = toLegoError(err);
        log(
          `attempt ${attempt} failed: ${error.code}: ${(err instanceof Error && err.stack) || error.message}`,
        );
        const retriesUsed = attempt - job.attempt;
        if (options.signal.aborted) return interrupted(error, attempt);
        if (!error.retryable || retriesUsed >= options.retries) return failed(error, attempt);
        const aborted = await backoff(options.backoffMs * 2 ** retriesUsed, options.signal);
        if (aborted) return interrupted(error, attempt);
      }
    }
  };
}

async function runOnce<I, O, C>(
  block: Block<I, O, C>,
  job: Job,
  attempt: number,
  log: (line: string) => void,
  options: ExecutorOptions<C>,
): Promise<O> {
  const input = block.input.safeParse(job.item);
  if (!input.success) throw new LegoError('bad_input', `item ${job.key}: ${formatIssues(input.error)}`);
  const itemDir = runPaths.itemDir(options.runDir, job.block, job.key);
  mkdirSync(itemDir, { recursive: true });
  const ctx: BlockContext<C> = {
    config: options.config,
    itemDir,
    log,
    signal: options.signal,
    attempt,
    shared,
  };
  const output = block.output.safeParse(await block.run(input.data, ctx));
  if (output.success) return output.data;
  throw new LegoError(
    'internal',
    `block ${block.name} returned an invalid output: ${formatIssues(output.error)}`,
  );
}

function itemLogger(runDir: string, job: Job): (line: string) => void {
  const path = runPaths.log(runDir, job.block, job.key);
  mkdirSync(dirname(path), { recursive: true });
  return (line) => appendFileSync(path, `[${new Date().toISOString()}] ${line}\n`);
}

/** Waits `ms`; returns true when the run was aborted meanwhile. */
async function backoff(ms: number, signal: AbortSignal): Promise<boolean> {
  try {
    await sleep(ms, undefined, { signal });
    return false;
  } catch {
    return true;
  }
}

function failed(error: LegoError, attempts: number): JobResult {
  return { status: 'failed', code: error.code, message: error.message, attempts };
}

function interrupted(error: LegoError, attempts: number): JobResult {
  return { status: 'failed', code: 'interrupted', message: `run interrupted: ${error.message}`, attempts };
}
