import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { Block, BlockContext } from '../../../block.js';
import { LegoError } from '../../../errors.js';
import type { GitHubClient } from '../../../github/types.js';
import { ensureMirror } from '../../../repos/mirror.js';
import { tryGit } from '../../../repos/git.js';
import { MineResult } from '../../../schema/swegen.js';
import type { MineRules } from '../rules.js';
import { mineRepository } from './mine-repo.js';

export const MineItem = z.object({
  repo: z.string().regex(/^[\w.-]+\/[\w.-]+$/, 'expected "owner/name"'),
  /** Local path (bare or not) or URL. */
  source: z.string().min(1),
});
export type MineItem = z.infer<typeof MineItem>;

/** Settings that decide what mining finds; they make up the config hash. */
export interface MineConfig {
  cacheDir: string;
  maxCommits?: number;
  since?: string;
  rules: MineRules;
  envOverrides: Record<string, string>;
  /** The GitHub API used for statements, or null to take them from commit messages. */
  github: { apiUrl: string } | null;
}

const toJsonl = (records: unknown[]) => records.map((record) => `${JSON.stringify(record)}\n`).join('');

async function headOf(mirror: string, repo: string): Promise<string> {
  if ((await tryGit(mirror, ['rev-parse', '--is-shallow-repository'])) === 'true')
    throw new LegoError(
      'repo_unavailable',
      `${repo} is a shallow clone, so history is cut short; mine a full clone (git fetch --unshallow)`,
    );
  const head = await tryGit(mirror, ['rev-parse', '--verify', '--quiet', 'HEAD^{commit}']);
  if (!head) throw new LegoError('repo_unavailable', `${repo} has no commits on its default branch`);
  return head;
}

async function mine(
  item: MineItem,
  ctx: BlockContext<MineConfig>,
  github?: GitHubClient,
): Promise<MineResult> {
  const started = Date.now();
  const { config } = ctx;
  if (config.github && !github)
    throw new LegoError('bad_input', 'mining was configured to use GitHub but was given no GitHub client');
  const mirror = await ensureMirror(item.repo, item.source, config.cacheDir);
  const head = await headOf(mirror, item.repo);
  const mined = await mineRepository({
    repo: item.repo,
    gitDir: mirror,
    range: { rev: head, maxCommits: config.maxCommits, since: config.since },
    rules: config.rules,
    envOverrides: new Map(Object.entries(config.envOverrides)),
    ...(config.github ? { github } : {}),
  });
  const candidatesPath = join(ctx.itemDir, 'candidates.jsonl');
  await writeFile(candidatesPath, toJsonl(mined.candidates));
  await writeFile(join(ctx.itemDir, 'rejected.jsonl'), toJsonl(mined.rejections));
  const rejected: Record<string, number> = {};
  for (const { reason } of mined.rejections) rejected[reason] = (rejected[reason] ?? 0) + 1;
  ctx.log(
    `mined ${item.repo}@${head}: ${mined.candidates.length} candidates of ${mined.commitsScanned} changes`,
  );
  return {
    repo: item.repo,
    head,
    commits_scanned: mined.commitsScanned,
    candidates: mined.candidates.length,
    rejected,
    candidates_path: candidatesPath,
    duration_ms: Date.now() - started,
  };
}

/** The `swegen mine` block: one repository in, its candidates (in the item directory) and yield out. */
export function createMineBlock(
  deps: { github?: GitHubClient } = {},
): Block<MineItem, MineResult, MineConfig> {
  return {
    name: 'swegen-mine',
    version: '1',
    input: MineItem,
    output: MineResult,
    key: (item) => item.repo,
    run: (item, ctx) => mine(item, ctx, deps.github),
  };
}
