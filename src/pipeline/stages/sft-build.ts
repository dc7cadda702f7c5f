import { join } from 'node:path';
import { z } from 'zod';
import { runSftBuild } from '../../blocks/sft/build-stage.js';
import { exporters, type ExportFormat } from '../../blocks/sft/exporters/index.js';
import { verifierFormatNames, type VerifierFormatName } from '../../blocks/verifier/formats/index.js';
import { defineStage, runCounts } from './types.js';

const formats = Object.keys(exporters) as [ExportFormat, ...ExportFormat[]];
const verifierFormats = verifierFormatNames as [VerifierFormatName, ...VerifierFormatName[]];

export const SftBuildStageConfig = z
  .object({
    format: z.enum(formats).default('swe-lego').describe('Export format of the datasets.'),
    include: z
      .enum(['resolved', 'resolved+partial'])
      .default('resolved')
      .describe('Which trajectories train: resolved only, or partial fixes too.'),
    include_gold: z
      .boolean()
      .default(false)
      .describe(
        'Keep gold-policy replays (the reference patch, not a model): true for runs without a model.',
      ),
    include_test_infra: z
      .boolean()
      .default(false)
      .describe('Keep trajectories whose final patch changes test infrastructure.'),
    error_mask: z.boolean().default(true).describe('Mask error steps out of the loss.'),
    curriculum: z
      .enum(['turns', 'tokens'])
      .default('turns')
      .describe('What orders the difficulty curriculum.'),
    stages: z
      .number()
      .int()
      .positive()
      .default(3)
      .describe('Curriculum stages (quantiles of the difficulty).'),
    max_tokens: z
      .number()
      .int()
      .positive()
      .default(131_072)
      .describe('Samples with more tokens are dropped.'),
    tokenizer: z.string().default('qwen3').describe('qwen3 (shipped, offline) or a tokenizer.json path.'),
    verifier: z
      .boolean()
      .default(false)
      .describe('Also write generative-verifier examples (verifier.jsonl).'),
    verifier_balance: z
      .enum(['downsample', 'weight', 'none'])
      .default('downsample')
      .describe('YES/NO balance of the verifier examples.'),
    verifier_format: z
      .enum(verifierFormats)
      .default('legofactory')
      .describe('Layout and answer of the verifier examples.'),
  })
  .strict()
  .describe('Builds SFT datasets from trajectories: error masks, a difficulty curriculum, exports.');

/** `sft build`: trajectories → SFT datasets, one per curriculum stage plus one ordered easy to hard. */
export const sftBuild = defineStage({
  description: 'build SFT datasets with error masks and a difficulty curriculum from trajectories',
  config: SftBuildStageConfig,
  reads: { required: ['trajectories'], optional: [] },
  writes: () => ['sft-dataset'],
  reduce: { recordsIn: 'trajectories' },
  execute: async (ctx, config) => {
    const result = await runSftBuild({
      trajectories: ctx.inputs.trajectories ?? [],
      redo: ctx.redo,
      outDir: ctx.dir,
      format: config.format,
      include: config.include,
      includeGold: config.include_gold,
      includeTestInfra: config.include_test_infra,
      errorMask: config.error_mask,
      curriculum: config.curriculum,
      stages: config.stages,
      maxTokens: config.max_tokens,
      tokenizer: config.tokenizer,
      verifier: config.verifier,
      verifierBalance: config.verifier_balance,
      verifierFormat: config.verifier_format,
    });
    return {
      outputs: { 'sft-dataset': [join(ctx.dir, result.files.ordered)] },
      counts: { ...runCounts(result.run), trajectories: result.stats.records, samples: result.stats.kept },
    };
  },
});
