import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { FileInput, fileInputs } from '../../../pipeline/file-input.js';
import { runReduceCommand } from '../../../pipeline/run-reduce.js';
import type { Reducer } from '../../../pipeline/stage.js';
import type { RunSummary } from '../../../progress.js';
import { TtsMetrics } from '../../../schema/tts.js';
import { runTts, type TtsRunOptions } from './run-tts.js';

/** One input file of `eval tts`: the judged trajectories, or the verifier scores. */
export const TtsInputFile = FileInput.extend({ role: z.enum(['trajectories', 'scores']) });
export type TtsInputFile = z.infer<typeof TtsInputFile>;

/** A TTS report as the run store records it: its metrics, input problems and the files written. */
export const TtsReportRecord = z.object({
  outDir: z.string(),
  metrics: TtsMetrics,
  problems: z.array(z.string()),
  files: z.object({
    metrics: z.string(),
    table: z.string(),
    svg: z.string(),
    png: z.string(),
    predictions: z.array(z.string()),
  }),
});
export type TtsReportRecord = z.infer<typeof TtsReportRecord>;

/** What decides the report besides the input files. */
export type TtsConfig = Pick<TtsRunOptions, 'ks' | 'policy' | 'title'>;

/** `eval tts` as a reduce stage: the trajectories (and scores) file in, one report into `outDir`. */
export function createTtsReducer(outDir: string): Reducer<TtsInputFile, TtsReportRecord, TtsConfig> {
  return {
    name: 'eval-tts',
    version: '1',
    input: TtsInputFile,
    output: TtsReportRecord,
    run: async (files, ctx) => {
      const pathOf = (role: TtsInputFile['role']) => files.find((f) => f.role === role)?.path;
      const scoresPath = pathOf('scores');
      const report = await runTts({
        ...ctx.config,
        trajectoriesPath: pathOf('trajectories') ?? '',
        ...(scoresPath ? { scoresPath } : {}),
        outDir,
      });
      const { rows: _rows, ...record } = report;
      return [record];
    },
  };
}

export interface TtsStageOptions extends TtsRunOptions {
  /** Report again even when the inputs and options are those of the last report. */
  redo?: boolean;
}

/**
 * `eval tts` through the stage runner, remembering in `<outDir>.run/` what it reported on: the same input
 * files (by content) and options again do no work (`run.skipped` 1) and return the recorded report; other
 * options or changed files report afresh, as does a missing metrics.json.
 */
export async function runTtsStage(options: TtsStageOptions): Promise<TtsReportRecord & { run: RunSummary }> {
  const { trajectoriesPath, scoresPath, outDir, redo, ...config } = options;
  const paths = [trajectoriesPath, ...(scoresPath ? [scoresPath] : [])];
  const files = (await fileInputs(paths)).map((file, i) => ({
    ...file,
    role: i === 0 ? ('trajectories' as const) : ('scores' as const),
  }));
  const { run, outputs } = await runReduceCommand(createTtsReducer(outDir), files, {
    runDir: `${resolve(outDir)}.run`,
    config,
    redo: redo ?? false,
    outputsExist: existsSync(join(outDir, 'metrics.json')),
  });
  return { ...outputs[0]!, run };
}
