import { createHash } from 'node:crypto';
import { touchedPaths } from '../../../harness/diff-paths.js';
import type { ModelUsage, SynthBug, SynthStrategy } from '../../../schema/synth.js';
import { buggyBaseCommit, diffTrees, treeWithFiles } from '../../../repos/git-objects.js';

/** Where bugs are made: a git directory holding the original commit, and what every bug of it shares. */
export interface BugOrigin {
  gitDir: string;
  repo: string;
  originalCommit: string;
  createdAt: string;
  version: string;
}

/** How one bug was made. */
export interface BugRecipe {
  strategy: SynthStrategy;
  transform: string;
  unit: string;
  params: Record<string, unknown>;
  usage?: ModelUsage;
}

/** `owner__name.<commit8>.<transform>__<diff hash 8>`: unique per bug diff, stable across runs. */
export function synthInstanceId(
  repo: string,
  originalCommit: string,
  transform: string,
  bugDiff: string,
): string {
  const hash = createHash('sha256').update(bugDiff).digest('hex').slice(0, 8);
  return `${repo.replace('/', '__')}.${originalCommit.slice(0, 8)}.${transform.replaceAll('-', '_')}__${hash}`;
}

/** A bug from its diff against the original commit: the buggy base commit and the fix are derived from it. */
export async function bugFromDiff(origin: BugOrigin, bugDiff: string, recipe: BugRecipe): Promise<SynthBug> {
  const base = await buggyBaseCommit(origin.gitDir, origin.originalCommit, bugDiff);
  const patch = await diffTrees(origin.gitDir, base, origin.originalCommit);
  return {
    instance_id: synthInstanceId(origin.repo, origin.originalCommit, recipe.transform, bugDiff),
    repo: origin.repo,
    original_commit: origin.originalCommit,
    base_commit: base,
    strategy: recipe.strategy,
    transform: recipe.transform,
    files: touchedPaths(bugDiff),
    unit: recipe.unit,
    bug_diff: bugDiff,
    patch,
    params: recipe.params,
    ...(recipe.usage ? { usage: recipe.usage } : {}),
    created_at: origin.createdAt,
    version: origin.version,
  };
}

/** A bug from new file contents; null when they change nothing. */
export async function bugFromFiles(
  origin: BugOrigin,
  files: Record<string, string>,
  recipe: BugRecipe,
): Promise<SynthBug | null> {
  const tree = await treeWithFiles(origin.gitDir, origin.originalCommit, files);
  const bugDiff = await diffTrees(origin.gitDir, origin.originalCommit, tree);
  return bugDiff === '' ? null : bugFromDiff(origin, bugDiff, recipe);
}
