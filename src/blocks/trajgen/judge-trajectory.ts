import { readFile, writeFile } from 'node:fs/promises';
import { judge } from '../../harness/run.js';
import type { TaskInstance } from '../../schema/instance.js';
import type { TrajectoryJudgement } from '../../schema/trajectory.js';
import type { TaskSandboxes } from '../../tasks/task-sandboxes.js';
import type { TrajgenConfig } from './config.js';

const emptyPatch: TrajectoryJudgement = {
  status: 'empty_patch',
  message: 'the trajectory changed nothing; nothing was run',
  resolved: false,
  partial: false,
  resolution: 'NO',
  apply_method: null,
  touches_test_infra: [],
  duration_ms: 0,
};

/**
 * Judges a trajectory's final patch with the harness, the one judge, in a fresh sandbox at the base
 * commit (the agent's own workspace and processes never influence the verdict). An empty patch is
 * `empty_patch` without a run, as evaluation reports it. The test log goes to `logPath`, redacted.
 */
export async function judgeTrajectory(
  sandboxes: TaskSandboxes,
  instance: TaskInstance,
  patch: string,
  config: TrajgenConfig,
  logPath: string,
  redact: (text: string) => string,
): Promise<TrajectoryJudgement> {
  if (patch.trim() === '') return emptyPatch;
  const started = Date.now();
  const task = await sandboxes.open(instance);
  try {
    const verdict = await judge({
      sandbox: task.sandbox,
      instance,
      spec: task.spec,
      patch,
      scope: config.scope,
      timeoutMs: config.testTimeoutMs,
      logPath,
      protectTestInfra: config.protectTestInfra,
    });
    const log = await readFile(logPath, 'utf8').catch(() => undefined);
    if (log !== undefined && redact(log) !== log) await writeFile(logPath, redact(log));
    return {
      status: verdict.status,
      message: verdict.message,
      resolved: verdict.resolved,
      partial: verdict.resolution === 'PARTIAL',
      resolution: verdict.resolution,
      ...(verdict.tests_status ? { tests_status: verdict.tests_status } : {}),
      apply_method: verdict.apply.method,
      touches_test_infra: verdict.touches_test_infra,
      duration_ms: Date.now() - started,
    };
  } finally {
    await task.close();
  }
}
