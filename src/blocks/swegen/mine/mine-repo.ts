import PQueue from 'p-queue';
import type { GitHubClient } from '../../../github/types.js';
import type { Candidate } from '../../../schema/swegen.js';
import { fileClassifier, type FileKind, type MineRules } from '../rules.js';
import { buildCandidate, instanceIdOf, splitPatches, type CandidateParts } from './candidates.js';
import { EnvVersions } from './env-versions.js';
import { changeRejection, diffRejection, type MineReason } from './filter.js';
import { scanHistory, type Change, type HistoryRange } from './history.js';
import { ObjectReader } from './objects.js';
import { startDiffReader, type FileDiff } from './patches.js';
import { statementOf } from './statement.js';

export interface MineRepoOptions {
  repo: string;
  /** A git directory holding the history (the bare mirror). */
  gitDir: string;
  range: HistoryRange;
  rules: MineRules;
  envOverrides: ReadonlyMap<string, string>;
  github?: GitHubClient;
}

/** A change mining passed over, and why. */
export interface Rejection {
  sha: string;
  reason: MineReason;
  detail?: string;
}

export interface MinedRepo {
  commitsScanned: number;
  /** Oldest first. */
  candidates: Candidate[];
  rejections: Rejection[];
}

type Outcome = { parts: CandidateParts } | Rejection;

interface Context extends MineRepoOptions {
  kindOf: (path: string) => FileKind;
  versions: EnvVersions;
}

async function examine(ctx: Context, change: Change, files: FileDiff[]): Promise<Outcome> {
  const reject = (reason: MineReason, detail?: string): Rejection => ({ sha: change.sha, reason, detail });
  const broken = diffRejection(files, ctx.kindOf, ctx.rules);
  if (broken) return reject(broken);
  const env = await ctx.versions.at(change.parents[0]!);
  if ('error' in env) return reject('env_undetected', env.error);
  const statement = await statementOf(change, ctx.repo, ctx.github);
  if (statement.problem_statement.trim() === '') return reject('empty_statement');
  const patches = splitPatches(files, ctx.kindOf);
  return { parts: { repo: ctx.repo, change, patches, statement, specId: env.specId } };
}

/** Ids and environment setup commits (the newest base commit of each environment), oldest change first. */
function assemble(parts: CandidateParts[]): Candidate[] {
  const setupCommits = new Map<string, string>();
  for (const part of parts) setupCommits.set(part.specId, part.change.parents[0]!);
  const taken = new Set<string>();
  return parts.map((part) =>
    buildCandidate(
      part,
      instanceIdOf(part.repo, part.change, part.statement.pull, taken),
      setupCommits.get(part.specId)!,
    ),
  );
}

/**
 * Mines one repository's first-parent history: one `git log` lists every change's files, the cheap
 * filters drop most, one more `git log` reads the diffs of the rest, then each survivor gets its
 * environment version and statement (GitHub look-ups run four at a time).
 */
export async function mineRepository(options: MineRepoOptions): Promise<MinedRepo> {
  const kindOf = fileClassifier(options.rules);
  const rejections: Rejection[] = [];
  const survivors: Change[] = [];
  let commitsScanned = 0;
  const reading = startDiffReader(options.gitDir);
  await scanHistory(options.gitDir, options.range, (change) => {
    commitsScanned += 1;
    const reason = changeRejection(change, kindOf, options.rules);
    if (reason) rejections.push({ sha: change.sha, reason });
    else {
      survivors.push(change);
      reading.add(change.sha, change.parents[0]!);
    }
  });
  const diffs = await reading.done();
  const reader = new ObjectReader(options.gitDir);
  try {
    const ctx: Context = {
      ...options,
      kindOf,
      versions: new EnvVersions(reader, options.repo, options.envOverrides),
    };
    const queue = new PQueue({ concurrency: options.github ? 4 : 64 });
    const outcomes = await Promise.all(
      survivors.map((change) => queue.add(() => examine(ctx, change, diffs.get(change.sha) ?? []))),
    );
    const parts: CandidateParts[] = [];
    for (const outcome of outcomes.reverse()) {
      if ('parts' in outcome) parts.push(outcome.parts);
      else rejections.push(outcome);
    }
    return { commitsScanned, candidates: assemble(parts), rejections };
  } finally {
    await reader.close();
  }
}
