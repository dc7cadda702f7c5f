import { z } from 'zod';
import { runTtsStage } from '../../blocks/eval/tts/tts-stage.js';
import { inputFile, defineStage, runCounts } from './types.js';

export const TtsStageConfig = z
  .object({
    ks: z
      .array(z.number().int().positive())
      .min(1)
      .default([1, 2, 4, 8, 16])
      .describe('The k of pass@k and best@k; only those up to the rollouts per instance are meaningful.'),
  })
  .strict()
  .describe('Test-time scaling: pass@k and best@k per selector (the verifier when scores come in).');

/** `eval tts`: trajectories (+ verifier scores) → the TTS report. */
export const evalTts = defineStage({
  description: 'report test-time scaling: pass@k, and best@k with the verifier scores',
  config: TtsStageConfig,
  reads: { required: ['trajectories'], optional: ['scores'] },
  writes: () => ['tts-report'],
  reduce: { recordsIn: 'trajectories' },
  execute: async (ctx, config) => {
    const report = await runTtsStage({
      redo: ctx.redo,
      trajectoriesPath: await inputFile(ctx, 'trajectories'),
      ...(ctx.inputs.scores?.length ? { scoresPath: await inputFile(ctx, 'scores') } : {}),
      ks: config.ks,
      outDir: ctx.dir,
    });
    const passAtOne = report.metrics.k.find((at) => at.k === 1)?.pass_at_k;
    return {
      outputs: { 'tts-report': [report.files.metrics] },
      counts: {
        ...runCounts(report.run),
        trajectories: report.metrics.trajectories,
        instances: report.metrics.instances,
        ...(typeof passAtOne === 'number' ? { pass_at_1_pct: Math.round(passAtOne * 100) } : {}),
      },
    };
  },
});
