import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { runEval } from '../../blocks/eval/run-eval.js';
import { testTimeoutMs } from './fields.js';
import { defineStage, inputFile, runCounts, stageRun, stageTasks } from './types.js';

export const EvalStageConfig = z
  .object({
    predictions: z
      .string()
      .min(1)
      .default('gold')
      .describe(
        'What is evaluated: gold (the reference patches), empty (no patch: the NOP baseline), or a SWE-bench ' +
          'predictions file (.jsonl or .json), relative to the pipeline file.',
      ),
    scope: z
      .enum(['test_files', 'all'])
      .default('test_files')
      .describe("Which tests run: the instance's test files, or the whole suite."),
    timeout_ms: testTimeoutMs,
  })
  .strict()
  .describe('Evaluates predictions on instances with the SWE-bench-compatible harness.');

/** `eval`: instances (+ predictions) → SWE-bench reports. */
export const evalStage = defineStage({
  description: 'evaluate predictions on instances with the SWE-bench-compatible harness',
  config: EvalStageConfig,
  reads: { required: ['instances'], optional: [] },
  writes: () => ['reports'],
  execute: async (ctx, config) => {
    const { predictions } = config;
    const result = await runEval({
      instancesPath: await inputFile(ctx, 'instances'),
      predictions:
        predictions === 'gold' || predictions === 'empty' ? predictions : resolve(ctx.baseDir, predictions),
      outDir: ctx.dir,
      runId: 'run',
      sandbox: ctx.sandbox,
      timeoutMs: config.timeout_ms,
      scope: config.scope,
      tasks: stageTasks(ctx),
      ...stageRun(ctx),
    });
    const reportsPath = join(ctx.dir, 'reports.jsonl');
    await writeFile(reportsPath, result.reports.map((r) => `${JSON.stringify(r)}\n`).join(''));
    return {
      outputs: { reports: [reportsPath] },
      counts: {
        ...runCounts(result.run),
        instances: result.summary.total_instances,
        resolved: result.summary.resolved_instances,
      },
    };
  },
});
