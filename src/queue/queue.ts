import type { ErrorCode } from '../errors.js';

/** One unit of work: everything a worker needs to run a block on one item, as plain JSON. */
export interface Job {
  block: string;
  key: string;
  /** The item as it came in (JSON); the worker validates it against the block's input schema. */
  item: unknown;
  configHash: string;
  /** The attempt this job starts at: 1 for a fresh item. */
  attempt: number;
}

/** What running a job produced, reported back to the process that owns the run store. */
export type JobResult =
  | { status: 'done'; output: unknown; attempts: number }
  | { status: 'failed'; code: ErrorCode; message: string; attempts: number };

/** Runs one job to its result; never throws (failures are results). */
export type JobExecutor = (job: Job) => Promise<JobResult>;

/**
 * Where jobs run: the in-process pool (`local.ts`) or, later, queue workers on other machines. Results
 * come back to `onResult` in the caller's process, the run store's single writer.
 */
export interface JobQueue {
  /**
   * Runs every job and reports each result. Once `signal` aborts no new job starts; resolves when the
   * jobs in flight have finished. Rejects with the first error `onResult` throws (no new job starts then).
   */
  run(
    jobs: Iterable<Job>,
    onResult: (job: Job, result: JobResult) => void,
    signal: AbortSignal,
  ): Promise<void>;
}
