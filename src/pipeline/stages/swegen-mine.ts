import { join } from 'node:path';
import { z } from 'zod';
import { mineRepos } from '../../blocks/swegen/mine/run-mine.js';
import { defineStage, runCounts, stageRun } from './types.js';

export const MineStageConfig = z
  .object({
    max_commits: z
      .number()
      .int()
      .positive()
      .optional()
      .describe('The most commits scanned per repository, newest first; all of them when absent.'),
    since: z
      .string()
      .optional()
      .describe('Only commits after this date (ISO 8601, e.g. 2024-01-01); all history when absent.'),
  })
  .strict()
  .describe('Mines each repository history for commits that change code and tests: candidate instances.');

/** `swegen mine`: the repositories' history → candidates. */
export const swegenMine = defineStage({
  description: 'mine commits that change code and tests into candidate instances',
  config: MineStageConfig,
  reads: { required: [], optional: [] },
  writes: () => ['candidates'],
  execute: async (ctx, config) => {
    const result = await mineRepos({
      repos: ctx.repos,
      outPath: join(ctx.dir, 'candidates.jsonl'),
      runDir: join(ctx.dir, 'run'),
      cacheDir: ctx.cacheDir,
      ...(config.max_commits === undefined ? {} : { maxCommits: config.max_commits }),
      ...(config.since === undefined ? {} : { since: config.since }),
      ...(ctx.refresh ? { refresh: true } : {}),
      ...stageRun(ctx),
    });
    return {
      outputs: { candidates: [result.outPath] },
      counts: { ...runCounts(result.run), candidates: result.candidates.length },
      ...(result.refresh ? { refresh: result.refresh } : {}),
    };
  },
});
