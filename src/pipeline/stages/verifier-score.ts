import { join } from 'node:path';
import { z } from 'zod';
import { runVerifierScore } from '../../blocks/verifier/run-verifier.js';
import { verifierFormatNames, type VerifierFormatName } from '../../blocks/verifier/formats/index.js';
import { defineStage, inputFile, runCounts, stageRun } from './types.js';

const formats = verifierFormatNames as [VerifierFormatName, ...VerifierFormatName[]];

export const VerifierStageConfig = z
  .object({
    format: z
      .enum(formats)
      .default('legofactory')
      .describe('Prompt layout, answer and score rule of the verifier.'),
    max_tokens: z.number().int().positive().default(16).describe('Completion tokens per reply.'),
    top_logprobs: z
      .number()
      .int()
      .positive()
      .default(20)
      .describe('Alternatives per token (P(YES) is read from them).'),
  })
  .strict()
  .describe(
    'Scores each trajectory with a generative verifier (defaults.model): P(YES) from logprobs. ' +
      'Without defaults.model the trajectories pass through unscored.',
  );

/** `verifier score`: trajectories → scores; the trajectories pass through for `eval-tts`. */
export const verifierScore = defineStage({
  description: 'score trajectories with a generative verifier (defaults.model)',
  config: VerifierStageConfig,
  reads: { required: ['trajectories'], optional: [] },
  writes: () => ['scores', 'trajectories'],
  execute: async (ctx, config) => {
    const trajectoriesPath = await inputFile(ctx, 'trajectories');
    if (!ctx.model) {
      ctx.log(
        `${ctx.stage}: no defaults.model, so no verifier scores; the trajectories pass through unscored`,
      );
      return { outputs: { trajectories: [trajectoriesPath] }, counts: { scored: 0 } };
    }
    const { workers, ...run } = stageRun(ctx);
    const result = await runVerifierScore({
      ...run,
      trajectoriesPath,
      outPath: join(ctx.dir, 'scores.jsonl'),
      baseUrl: ctx.model.baseUrl,
      model: ctx.model.model,
      ...(ctx.model.apiKey ? { apiKey: ctx.model.apiKey } : {}),
      concurrency: workers,
      format: config.format,
      maxTokens: config.max_tokens,
      topLogprobs: config.top_logprobs,
    });
    return {
      outputs: { scores: [result.outPath], trajectories: [trajectoriesPath] },
      counts: { ...runCounts(result.run), scored: result.summary.scored },
    };
  },
});
