import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { Block, BlockContext } from '../../../block.js';
import { LegoError } from '../../../errors.js';
import type { GitHubClient } from '../../../github/types.js';
import { ensureMirror, mirrorPath } from '../../../repos/mirror.js';
import { MineResult } from '../../../schema/swegen.js';
import type { MineRules } from '../rules.js';
import { hasCommit, rangeAfter, resolveHead } from './head.js';
import { mineRepository } from './mine-repo.js';

const Sha = z.string().regex(/^[0-9a-f]{40,64}$/, 'expected a full commit sha');

export const MineItem = z.object({
  repo: z.string().regex(/^[\w.-]+\/[\w.-]+$/, 'expected "owner/name"'),
  /** Local path (bare or not) or URL. */
  source: z.string().min(1),
  /** A refresh item: mine the first-parent history of `head` that `cursor` (the last mined head) lacks. */
  refresh: z.object({ cursor: Sha, head: Sha }).optional(),
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

/** The key of a refresh item: the repository and the range it mines, so earlier items stay beside it. */
export const refreshKey = (repo: string, range: { cursor: string; head: string }) =>
  `${repo}@${range.cursor.slice(0, 12)}..${range.head.slice(0, 12)}`;

/** The mirror at the item's commit: a refresh item's head was fetched already, so it is not fetched again. */
async function mirrorFor(item: MineItem, cacheDir: string): Promise<{ mirror: string; head: string }> {
  const head = item.refresh?.head;
  const cached = mirrorPath(cacheDir, item.repo);
  if (head && (await hasCommit(cached, head))) return { mirror: cached, head };
  const mirror = await ensureMirror(item.repo, item.source, cacheDir);
  if (!head) return { mirror, head: await resolveHead(mirror, item.repo) };
  if (await hasCommit(mirror, head)) return { mirror, head };
  throw new LegoError('repo_unavailable', `${item.repo} no longer has commit ${head} after a fetch`);
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
  const { mirror, head } = await mirrorFor(item, config.cacheDir);
  const after = item.refresh && (await rangeAfter(mirror, item.refresh.cursor, head));
  const mined = await mineRepository({
    repo: item.repo,
    gitDir: mirror,
    range: {
      rev: head,
      maxCommits: config.maxCommits,
      since: config.since,
      ...(after ? { exclude: after.exclude } : {}),
    },
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
    ...(item.refresh ? { cursor: item.refresh.cursor } : {}),
    ...(after?.forcePushed ? { force_pushed: true } : {}),
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
    key: (item) => (item.refresh ? refreshKey(item.repo, item.refresh) : item.repo),
    run: (item, ctx) => mine(item, ctx, deps.github),
  };
}
