import { dirname } from 'node:path';
import { LegoError } from '../../../errors.js';
import { touchedPaths } from '../../../harness/diff-paths.js';
import type { TaskInstance } from '../../../schema/instance.js';
import type { SynthBug } from '../../../schema/synth.js';
import { bugFromDiff } from './bug.js';
import { BugSet } from './bug-set.js';
import { diffTrees, treeWithDiff } from '../../../repos/git-objects.js';
import { createRng } from './rng.js';

export interface CombineOptions {
  /** The most combinations to make. */
  max: number;
  seed: number;
  /** Bugs merged into one (default 2). */
  parts?: number;
  /** A git directory holding a repository's original commits (its mirror). */
  gitDirOf: (repo: string) => Promise<string>;
}

interface Part {
  instance: TaskInstance;
  commit: string;
  bugDiff: string;
  file: string;
  unit: string;
}

function partOf(instance: TaskInstance): Part | null {
  const source = instance.source ?? { kind: '' };
  const { commit, bug_diff: bugDiff, unit } = source as Record<string, unknown>;
  if (!source.kind.startsWith('synthetic:') || source.kind === 'synthetic:combine') return null;
  if (typeof commit !== 'string' || typeof bugDiff !== 'string') return null;
  const file = touchedPaths(bugDiff)[0];
  return file ? { instance, commit, bugDiff, file, unit: typeof unit === 'string' ? unit : '' } : null;
}

const maxMembers = 40;

/** Groups of `size` parts from one repository, commit and directory, same-file groups first, seeded order. */
function groupsOf(parts: Part[], size: number, seed: number): Part[][] {
  const modules = new Map<string, Part[]>();
  for (const part of parts) {
    const key = `${part.instance.repo}\0${part.commit}\0${dirname(part.file)}`;
    modules.set(key, [...(modules.get(key) ?? []), part]);
  }
  const groups: Part[][] = [];
  const extend = (members: Part[], from: number, chosen: Part[]): void => {
    if (chosen.length === size) return void groups.push(chosen);
    for (let i = from; i < members.length; i += 1) extend(members, i + 1, [...chosen, members[i]!]);
  };
  for (const members of modules.values()) extend(members.slice(0, maxMembers), 0, []);
  const sameFile = (group: Part[]) => group.every((part) => part.file === group[0]!.file);
  const shuffled = createRng(seed, 'combine').shuffle(groups);
  return [...shuffled.filter(sameFile), ...shuffled.filter((group) => !sameFile(group))];
}

/**
 * Merges validated synthetic bugs of the same file or directory (module) whose diffs apply together into
 * harder bugs: one bug diff, base commit and fix for the whole group. Groups that conflict are counted.
 */
export async function combineBugs(instances: TaskInstance[], options: CombineOptions): Promise<BugSet> {
  const parts = instances.flatMap((instance) => partOf(instance) ?? []);
  const set = new BugSet();
  for (const group of groupsOf(parts, options.parts ?? 2, options.seed)) {
    if (set.bugs.length >= options.max) break;
    const [first] = group as [Part, ...Part[]];
    const gitDir = await options.gitDirOf(first.instance.repo);
    const tree = await treeWithDiff(gitDir, first.commit, ...group.map((p) => p.bugDiff)).catch(
      (err: unknown) => {
        if (err instanceof LegoError && err.code === 'bad_input') return null;
        throw err;
      },
    );
    if (tree === null) {
      set.reject('combine', 'conflict');
      continue;
    }
    const bugDiff = await diffTrees(gitDir, first.commit, tree);
    const origin = {
      gitDir,
      repo: first.instance.repo,
      originalCommit: first.commit,
      createdAt: first.instance.created_at,
      version: first.instance.version,
    };
    const recipe = {
      strategy: 'combine' as const,
      transform: 'combine',
      unit: group.map((p) => p.unit).join(' + '),
    };
    const bug: SynthBug = await bugFromDiff(origin, bugDiff, {
      ...recipe,
      params: { parts: group.map((p) => p.instance.instance_id) },
    });
    set.add(bug, 'combine');
  }
  return set;
}
