import { join } from 'node:path';
import { mineRepos, type MineRunResult } from '../src/blocks/swegen/mine/run-mine.js';
import { validateCandidates, type ValidateRunResult } from '../src/blocks/swegen/validate/run-validate.js';
import { hostPipIndexes } from '../src/env/pip-options.js';
import type { ProviderName } from '../src/sandbox/index.js';

export interface MinedValidator {
  mined: MineRunResult;
  /** Shared by every run: mirrors, env ledger, local environments, build logs. */
  cacheDir: string;
  /** One `swegen validate` over the mined candidates into `root/name`, with its wall time. */
  validate(name: string): Promise<[wallMs: number, result: ValidateRunResult]>;
}

/** Mines `repos` (optionally the last `maxCommits` commits) under `root`, for validation runs to repeat. */
export async function minedValidator(
  root: string,
  repos: Record<string, string>,
  options: { sandbox: ProviderName; workers: number; runs: number; maxCommits?: number },
): Promise<MinedValidator> {
  const cacheDir = join(root, 'cache');
  const mined = await mineRepos({
    repos,
    outPath: join(root, 'candidates.jsonl'),
    runDir: join(root, 'mine'),
    cacheDir,
    ...(options.maxCommits === undefined ? {} : { maxCommits: options.maxCommits }),
    progress: 'off',
  });
  const pip = await hostPipIndexes();
  const validate = async (name: string): Promise<[number, ValidateRunResult]> => {
    const started = performance.now();
    const result = await validateCandidates({
      candidatesPath: mined.outPath,
      outPath: join(root, `${name}.jsonl`),
      runDir: join(root, name),
      sandbox: options.sandbox,
      runs: options.runs,
      timeoutMs: 600_000,
      tasks: { cacheDir, repos, envOverrides: {}, runId: `bench-${name}`, pip },
      workers: options.workers,
      progress: 'off',
    });
    return [performance.now() - started, result];
  };
  return { mined, cacheDir, validate };
}
