import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runEval, type EvalRunResult } from '../../eval/run-eval.js';
import type { ProgressMode } from '../../../progress.js';
import type { TaskInstance } from '../../../schema/instance.js';
import type { ValidateConfig } from './config.js';

export interface GateOptions extends ValidateConfig {
  runDir: string;
  workers: number;
  redo: boolean;
  signal?: AbortSignal;
  progress: ProgressMode;
}

/**
 * The final gate: evaluates the kept instances with their gold patches through `legofactory eval`, each
 * in a fresh sandbox, as `runDir/gate` (SWE-bench artifacts and summary.json there).
 */
export async function runGate(instances: TaskInstance[], options: GateOptions): Promise<EvalRunResult> {
  const instancesPath = join(options.runDir, 'gate-instances.jsonl');
  await writeFile(instancesPath, instances.map((instance) => `${JSON.stringify(instance)}\n`).join(''));
  return runEval({
    instancesPath,
    predictions: 'gold',
    outDir: options.runDir,
    runId: 'gate',
    workers: options.workers,
    redo: options.redo,
    sandbox: options.sandbox,
    timeoutMs: options.timeoutMs,
    scope: 'test_files',
    tasks: { ...options.tasks, runId: `${options.tasks.runId}-gate` },
    ...(options.signal ? { signal: options.signal } : {}),
    progress: options.progress,
  });
}
