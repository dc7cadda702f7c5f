import { join } from 'node:path';
import { z } from 'zod';
import { synthesize } from '../../blocks/swegen/synth/run-synth.js';
import { SynthStrategy } from '../../schema/synth.js';
import { testTimeoutMs, validationRuns } from './fields.js';
import { defineStage, runCounts, stageRun, stageTasks } from './types.js';

export const SynthStageConfig = z
  .object({
    strategies: z
      .array(SynthStrategy)
      .min(1)
      .default(['procedural'])
      .describe(
        'How bugs are made: procedural (AST transforms), lm-modify and lm-rewrite (need defaults.model), ' +
          'combine (merges validated bugs; needs validate: true).',
      ),
    max: z.number().int().positive().default(8).describe('The most bugs per strategy.'),
    seed: z.number().int().default(0).describe('Seed of the procedural choices.'),
    commit: z
      .string()
      .optional()
      .describe(
        "The commit (branch, tag) bugs are planted in; each repository's default branch head when absent.",
      ),
    validate: z
      .boolean()
      .default(false)
      .describe('Validate the bugs here too (writes instances instead of candidates); combine needs it.'),
    runs: validationRuns(' when validating'),
    timeout_ms: testTimeoutMs,
  })
  .strict()
  .refine((c) => c.validate || !c.strategies.includes('combine'), {
    message: 'combine merges validated bugs: set validate: true, or leave combine out of strategies',
    path: ['strategies'],
  })
  .describe('Plants synthetic bugs in each repository; the fix is the reverse diff.');

/** `swegen synth`: repositories → candidates (or instances with `validate`). */
export const swegenSynth = defineStage({
  description: 'plant synthetic bugs: candidates, or instances with validate: true',
  config: SynthStageConfig,
  reads: { required: [], optional: [] },
  writes: (config) => (config.validate ? ['instances'] : ['candidates']),
  execute: async (ctx, config) => {
    const model = ctx.model;
    const result = await synthesize({
      repos: ctx.repos,
      ...(config.commit ? { commit: config.commit } : {}),
      outPath: join(ctx.dir, 'candidates.jsonl'),
      runDir: join(ctx.dir, 'run'),
      strategies: config.strategies,
      max: config.max,
      seed: config.seed,
      ...(model
        ? {
            model: {
              baseUrl: model.baseUrl,
              model: model.model,
              ...(model.apiKey ? { apiKey: model.apiKey } : {}),
            },
          }
        : {}),
      sandbox: ctx.sandbox,
      timeoutMs: config.timeout_ms,
      tasks: stageTasks(ctx),
      ...(config.validate
        ? { validate: { runs: config.runs, outPath: join(ctx.dir, 'instances.jsonl') } }
        : {}),
      ...stageRun(ctx),
    });
    const counts = { ...runCounts(result.runs.generate), candidates: result.candidates.length };
    if (!result.validation) return { outputs: { candidates: [result.outPath] }, counts };
    return {
      outputs: { instances: [result.validation.outPath] },
      counts: { ...counts, instances: result.validation.instances.length },
    };
  },
});
