import { join, resolve } from 'node:path';
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { z } from 'zod';
import { runSftTrain } from '../../blocks/sft/train.js';
import { defineStage } from './types.js';

export const SftTrainStageConfig = z
  .object({
    trainer_config: z
      .string()
      .min(1)
      .describe(
        "The Python trainer's config (trainer/; its dataset path names the sft-build stage's output). " +
          'Training needs a GPU and the trainer installed (pip install trainer/).',
      ),
    python: z.string().default('python3').describe("The Python that has the trainer's dependencies."),
    accelerate_config: z
      .string()
      .optional()
      .describe(
        'An accelerate config (DeepSpeed ZeRO-3, FSDP): the trainer then runs under accelerate launch.',
      ),
  })
  .strict()
  .describe('Trains a checkpoint on the SFT datasets with the Python trainer (GPU).');

/** `sft train`: runs the Python trainer on a config after the datasets are built; logs to train.log. */
export const sftTrain = defineStage({
  description: 'train a checkpoint with the Python trainer (needs a GPU)',
  config: SftTrainStageConfig,
  reads: { required: ['sft-dataset'], optional: [] },
  writes: () => [],
  execute: async (ctx, config) => {
    await mkdir(ctx.dir, { recursive: true });
    const log = createWriteStream(join(ctx.dir, 'train.log'));
    try {
      await runSftTrain({
        config: resolve(ctx.baseDir, config.trainer_config),
        python: config.python,
        ...(config.accelerate_config ? { accelerateConfig: config.accelerate_config } : {}),
        onLine: (line) => log.write(`${line}\n`),
        ...(ctx.signal ? { signal: ctx.signal } : {}),
      });
    } finally {
      log.end();
    }
    return { outputs: {}, counts: {} };
  },
});
