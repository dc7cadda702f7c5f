import { judge } from '../harness/run.js';
import type { TestRun, TestStatus } from '../schema/test-run.js';
import { bareInstance } from './bare-instance.js';
import { TaskSandboxes, type TaskSandboxOptions } from './task-sandboxes.js';

export interface EnvCheckResult {
  specId: string;
  test_run: TestRun;
  /** Parsed tests by status. */
  counts: Partial<Record<TestStatus, number>>;
  parsed: number;
}

/**
 * Builds (or reuses) the environment of `repo` at `commit` and runs its whole test suite once, reporting
 * how many tests the log parsers found: the check that an environment really runs and reports.
 */
export async function checkEnvironment(
  options: TaskSandboxOptions & { repo: string; commit: string; timeoutMs: number },
  log: (line: string) => void = () => {},
): Promise<EnvCheckResult> {
  const sandboxes = new TaskSandboxes(options);
  const instance = bareInstance('env-check', options.repo, options.commit);
  const task = await sandboxes.open(instance, log);
  try {
    const verdict = await judge({
      sandbox: task.sandbox,
      instance,
      spec: task.spec,
      patch: '',
      scope: 'all',
      timeoutMs: options.timeoutMs,
    });
    const counts: Partial<Record<TestStatus, number>> = {};
    for (const status of Object.values(verdict.test_run.tests)) counts[status] = (counts[status] ?? 0) + 1;
    return {
      specId: task.specId,
      test_run: verdict.test_run,
      counts,
      parsed: Object.keys(verdict.test_run.tests).length,
    };
  } finally {
    await task.close();
  }
}
