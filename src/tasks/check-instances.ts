import { toLegoError } from '../errors.js';
import { readLedger } from '../env/ledger.js';
import type { TaskInstance } from '../schema/instance.js';
import { TaskSandboxes, type TaskSandboxOptions } from './task-sandboxes.js';

/** How one instance's environment construction ended. */
export interface InstanceEnvCheck {
  instance_id: string;
  status: 'ready' | 'failed';
  spec_id?: string;
  /** Builds tried, a recalled recipe's included (0: a ready result from the ledger was reused). */
  attempts: number;
  /** Repair rules applied, in order. */
  repairs: string[];
  message: string;
}

async function outcome(options: TaskSandboxOptions, instance: TaskInstance, started: string) {
  const entries = (await readLedger(options.cacheDir, instance.repo)).filter(
    (entry) => entry.instance_id === instance.instance_id && entry.time >= started,
  );
  const repairs = entries.flatMap((entry) =>
    entry.kind === 'attempt' && entry.repair ? [entry.repair.rule] : [],
  );
  const attempts = entries.reduce((sum, entry) => sum + (entry.kind === 'result' ? entry.attempts : 0), 0);
  return { repairs, attempts };
}

/**
 * Constructs each instance's environment with the instance-level check (FAIL_TO_PASS fails at base +
 * test_patch, FAIL_TO_PASS and PASS_TO_PASS pass with the gold patch), one at a time; a failure is
 * reported, never thrown, so every instance gets its line.
 */
export async function checkInstances(
  options: TaskSandboxOptions,
  instances: TaskInstance[],
  log: (line: string) => void = () => {},
): Promise<InstanceEnvCheck[]> {
  const sandboxes = new TaskSandboxes({ ...options, envCheck: 'instance' });
  const checks: InstanceEnvCheck[] = [];
  try {
    for (const instance of instances) {
      const started = new Date().toISOString();
      try {
        const task = await sandboxes.open(instance, log);
        await task.close();
        const message = `environment ready (spec ${task.specId})`;
        checks.push({
          instance_id: instance.instance_id,
          status: 'ready',
          spec_id: task.specId,
          ...(await outcome(options, instance, started)),
          message,
        });
      } catch (err) {
        const message = toLegoError(err).message;
        checks.push({
          instance_id: instance.instance_id,
          status: 'failed',
          ...(await outcome(options, instance, started)),
          message,
        });
      }
    }
  } finally {
    await sandboxes.closeAll();
  }
  return checks;
}
