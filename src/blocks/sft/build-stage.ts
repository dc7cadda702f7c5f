import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { FileInput, fileInputs } from '../../pipeline/file-input.js';
import { runReduceCommand } from '../../pipeline/run-reduce.js';
import type { Reducer } from '../../pipeline/stage.js';
import type { RunSummary } from '../../progress.js';
import { SftStats } from '../../schema/sft.js';
import { buildSftDatasets, type SftBuildOptions, type SftBuildResult } from './build.js';

/** What decides the datasets besides the trajectories: every option but where and how fast they are built. */
export type SftBuildConfig = Omit<SftBuildOptions, 'trajectories' | 'outDir' | 'workers' | 'onProgress'>;

/** A build's result as the run store records it. */
export const SftBuildRecord = z.object({
  outDir: z.string(),
  files: z.object({ stages: z.array(z.string()), ordered: z.string(), verifier: z.string().optional() }),
  stats: SftStats,
});

type Placement = Pick<SftBuildOptions, 'outDir' | 'workers' | 'onProgress'>;

/** `sft build` as a reduce stage: every trajectories file at once in, one build record out. */
export function createSftBuildReducer(
  placement: Placement,
): Reducer<FileInput, SftBuildResult, SftBuildConfig> {
  return {
    name: 'sft-build',
    version: '1',
    input: FileInput,
    output: SftBuildRecord,
    run: async (files, ctx) => [
      await buildSftDatasets({ ...ctx.config, ...placement, trajectories: files.map((f) => f.path) }),
    ],
  };
}

export interface SftBuildRunOptions extends SftBuildOptions {
  /** Rebuild even when the trajectories and options are those of the last build. */
  redo?: boolean;
}

/**
 * `sft build` through the stage runner, remembering in `<outDir>.run/` what it built from: a second build
 * from the same trajectories (by content) and options does no work (`run.skipped` 1) and returns the
 * recorded result; other options or changed trajectories rebuild, as does a missing stats.json.
 */
export async function runSftBuild(
  options: SftBuildRunOptions,
): Promise<SftBuildResult & { run: RunSummary }> {
  const { trajectories, outDir, workers, onProgress, redo, ...config } = options;
  const reducer = createSftBuildReducer({
    outDir,
    ...(workers ? { workers } : {}),
    ...(onProgress ? { onProgress } : {}),
  });
  const { run, outputs } = await runReduceCommand(reducer, await fileInputs(trajectories), {
    runDir: `${resolve(outDir)}.run`,
    config,
    redo: redo ?? false,
    outputsExist: existsSync(join(outDir, 'stats.json')),
  });
  return { ...outputs[0]!, run };
}
