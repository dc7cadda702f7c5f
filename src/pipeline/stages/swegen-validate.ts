import { join } from 'node:path';
import { z } from 'zod';
import { validateCandidates } from '../../blocks/swegen/validate/run-validate.js';
import { testTimeoutMs, validationRuns } from './fields.js';
import { defineStage, inputFile, runCounts, stageRun, stageTasks } from './types.js';

export const ValidateStageConfig = z
  .object({
    runs: validationRuns(', repeated to catch flaky tests'),
    timeout_ms: testTimeoutMs,
  })
  .strict()
  .describe('Validates candidates by NOP and Oracle test runs and the gold gate: task instances.');

/** `swegen validate`: candidates → instances. */
export const swegenValidate = defineStage({
  description: 'validate candidates by NOP and Oracle runs and the gold gate into task instances',
  config: ValidateStageConfig,
  reads: { required: ['candidates'], optional: [] },
  writes: () => ['instances'],
  execute: async (ctx, config) => {
    const result = await validateCandidates({
      candidatesPath: await inputFile(ctx, 'candidates'),
      outPath: join(ctx.dir, 'instances.jsonl'),
      runDir: join(ctx.dir, 'run'),
      sandbox: ctx.sandbox,
      runs: config.runs,
      timeoutMs: config.timeout_ms,
      tasks: stageTasks(ctx),
      ...stageRun(ctx),
    });
    return {
      outputs: { instances: [result.outPath] },
      counts: {
        ...runCounts(result.run),
        instances: result.instances.length,
      },
    };
  },
});
