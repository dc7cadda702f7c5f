import { z } from 'zod';
import { runTrajgen } from '../../blocks/trajgen/run-trajgen.js';
import { LegoError } from '../../errors.js';
import { defineStage, inputFile, runCounts, stageRun, stageTasks, type StageContext } from './types.js';

export const RolloutStageConfig = z
  .object({
    policy: z
      .enum(['auto', 'model', 'gold'])
      .default('auto')
      .describe(
        'Who acts: model (defaults.model), gold (replays the reference patches through the agent tools), ' +
          'or auto (model when defaults.model is set, else gold).',
      ),
    k: z.number().int().positive().default(1).describe('Trajectories per instance.'),
    max_steps: z.number().int().positive().default(100).describe('The most agent steps per trajectory.'),
    temperature: z
      .number()
      .min(0)
      .optional()
      .describe("Sampling temperature; the endpoint's default when absent."),
    test_timeout_ms: z
      .number()
      .int()
      .positive()
      .default(1_800_000)
      .describe('Time limit of the judging test run, in milliseconds.'),
  })
  .strict()
  .describe('Rolls out agent trajectories on each instance in a sandbox, each judged by the harness.');

function endpointOf(ctx: StageContext, policy: 'auto' | 'model' | 'gold') {
  if (policy === 'gold' || (policy === 'auto' && !ctx.model)) return undefined;
  if (!ctx.model)
    throw new LegoError(
      'bad_input',
      `stages.${ctx.stage}.config.policy: model needs defaults.model in the pipeline file`,
    );
  const { baseUrl, model, apiKey, apiKeyEnv, format } = ctx.model;
  return { baseUrl, model, format, ...(apiKey ? { apiKey } : {}), secretNames: apiKeyEnv ? [apiKeyEnv] : [] };
}

/** `trajgen rollout`: instances → trajectories. */
export const trajgenRollout = defineStage({
  description: 'roll out agent trajectories on instances, each judged by the harness',
  config: RolloutStageConfig,
  reads: { required: ['instances'], optional: [] },
  writes: () => ['trajectories'],
  execute: async (ctx, config) => {
    const endpoint = endpointOf(ctx, config.policy);
    const { workers, ...run } = stageRun(ctx);
    const result = await runTrajgen({
      ...run,
      ...(endpoint ?? { format: 'native' as const }),
      instancesPath: await inputFile(ctx, 'instances'),
      outDir: ctx.dir,
      policy: endpoint ? 'model' : 'gold',
      k: config.k,
      concurrency: workers,
      limits: { maxSteps: config.max_steps },
      ...(config.temperature === undefined ? {} : { sampling: { temperature: config.temperature } }),
      sandbox: ctx.sandbox,
      testTimeoutMs: config.test_timeout_ms,
      tasks: stageTasks(ctx),
    });
    return {
      outputs: { trajectories: [result.trajectoriesPath] },
      counts: {
        ...runCounts(result.run),
        trajectories: result.summary.trajectories,
        resolved: result.summary.resolved,
      },
    };
  },
});
