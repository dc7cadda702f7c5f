import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { Block, BlockContext } from '../../block.js';
import { LegoError } from '../../errors.js';
import { judge } from '../../harness/run.js';
import type { ProviderName } from '../../sandbox/index.js';
import { TaskInstance } from '../../schema/instance.js';
import { Prediction } from '../../schema/prediction.js';
import { canonicalJson } from '../../json.js';
import { EvalReport } from '../../schema/report.js';
import { TaskSandboxes, type TaskSandboxOptions } from '../../tasks/task-sandboxes.js';
import { writeInstanceArtifacts } from './artifacts.js';
import { stagedArtifactsDir } from './publish.js';

export const EvalItem = z.object({ instance: TaskInstance, prediction: Prediction });
export type EvalItem = z.infer<typeof EvalItem>;

/** Settings that decide an evaluation's result; they make up the config hash. */
export interface EvalConfig {
  sandbox: ProviderName;
  timeoutMs: number;
  scope: 'test_files' | 'all';
  /**
   * Run the tests for empty patches too (the `empty` baseline: a NOP run that shows which tests fail
   * without a fix) instead of reporting `empty_patch` without running, as SWE-bench does.
   */
  runEmptyPatches?: boolean;
  /** Revert the patch's edits to test infrastructure before the tests run (they are flagged either way). */
  protectTestInfra?: boolean;
  tasks: Omit<TaskSandboxOptions, 'provider'>;
}

function emptyPatchReport(item: EvalItem): EvalReport {
  return {
    instance_id: item.instance.instance_id,
    model_name_or_path: item.prediction.model_name_or_path,
    status: 'empty_patch',
    message: 'the prediction has an empty patch; nothing was run',
    patch_is_None: false,
    patch_exists: false,
    patch_successfully_applied: false,
    apply_method: null,
    resolved: false,
    resolution: 'NO',
    touches_test_infra: [],
    duration_ms: 0,
  };
}

async function evaluate(item: EvalItem, ctx: BlockContext<EvalConfig>): Promise<EvalReport> {
  const { instance, prediction } = item;
  const dir = stagedArtifactsDir(ctx.itemDir);
  await rm(dir, { recursive: true, force: true });
  if (prediction.model_patch.trim() === '' && !ctx.config.runEmptyPatches) {
    const report = emptyPatchReport(item);
    await writeInstanceArtifacts(dir, report, prediction.model_patch);
    return report;
  }
  const started = Date.now();
  const options: TaskSandboxOptions = { ...ctx.config.tasks, provider: ctx.config.sandbox };
  const sandboxes = ctx.shared(`eval.sandboxes:${canonicalJson(options)}`, () => new TaskSandboxes(options));
  const task = await sandboxes.open(instance, ctx.log);
  if (ctx.signal.aborted) {
    await task.close();
    throw new LegoError('interrupted', 'the run was interrupted before the tests ran');
  }
  const closeOnAbort = () => void task.close();
  ctx.signal.addEventListener('abort', closeOnAbort, { once: true });
  try {
    const verdict = await judge({
      sandbox: task.sandbox,
      instance,
      spec: task.spec,
      patch: prediction.model_patch,
      scope: ctx.config.scope,
      timeoutMs: ctx.config.timeoutMs,
      logPath: join(dir, 'test_output.txt'),
      protectTestInfra: ctx.config.protectTestInfra === true,
    });
    if (ctx.signal.aborted) throw new LegoError('interrupted', 'the run was interrupted while the tests ran');
    const report: EvalReport = {
      instance_id: instance.instance_id,
      model_name_or_path: prediction.model_name_or_path,
      status: verdict.status,
      message: verdict.message,
      patch_is_None: false,
      patch_exists: prediction.model_patch.trim() !== '',
      patch_successfully_applied: verdict.apply.applied,
      apply_method: verdict.apply.method,
      resolved: verdict.resolved,
      resolution: verdict.resolution,
      ...(verdict.tests_status ? { tests_status: verdict.tests_status } : {}),
      touches_test_infra: verdict.touches_test_infra,
      env_id: task.specId,
      duration_ms: Date.now() - started,
    };
    await writeInstanceArtifacts(dir, report, prediction.model_patch);
    return report;
  } finally {
    ctx.signal.removeEventListener('abort', closeOnAbort);
    await task.close();
  }
}

/** SWE-bench-compatible evaluation: one prediction for one instance in, one graded report out. */
export const evalBlock: Block<EvalItem, EvalReport, EvalConfig> = {
  name: 'eval',
  version: '1',
  input: EvalItem,
  output: EvalReport,
  key: (item) => `${item.prediction.model_name_or_path}/${item.instance.instance_id}`,
  run: evaluate,
};
