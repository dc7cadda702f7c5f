import PQueue from 'p-queue';
import type { Job, JobExecutor, JobQueue, JobResult } from './queue.js';

/** The in-process pool: up to `concurrency` jobs run at once in this process. */
export function createLocalQueue(options: { concurrency: number; execute: JobExecutor }): JobQueue {
  return {
    async run(jobs: Iterable<Job>, onResult: (job: Job, result: JobResult) => void, signal: AbortSignal) {
      const pool = new PQueue({ concurrency: Math.max(1, options.concurrency) });
      let failure: { error: unknown } | undefined;
      const stop = () => pool.clear();
      signal.addEventListener('abort', stop, { once: true });
      try {
        for (const job of jobs) {
          const task = async () => {
            if (signal.aborted || failure) return;
            onResult(job, await options.execute(job));
          };
          pool.add(task).catch((error: unknown) => {
            failure ??= { error };
            pool.clear();
          });
        }
        await pool.onIdle();
      } finally {
        signal.removeEventListener('abort', stop);
      }
      if (failure) throw failure.error;
    },
  };
}
