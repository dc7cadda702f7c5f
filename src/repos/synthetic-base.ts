import { LegoError } from '../errors.js';
import { tryGit } from './git.js';
import { repoOfMirror } from './mirror.js';
import type { TaskInstance } from '../schema/instance.js';
import { buggyBaseCommit } from './git-objects.js';

/** Whether an instance's base commit is synthetic: built from `source.commit` and `source.bug_diff`. */
export function isSynthetic(instance: Pick<TaskInstance, 'source'>): boolean {
  return instance.source?.kind.startsWith('synthetic:') ?? false;
}

function recipeOf(instance: TaskInstance): { commit: string; bugDiff: string } {
  const commit = instance.source?.['commit'];
  const bug_diff = instance.source?.['bug_diff'];
  if (typeof commit !== 'string' || typeof bug_diff !== 'string')
    throw new LegoError(
      'bad_input',
      `${instance.instance_id} is synthetic but its source lacks the original commit or the bug diff ` +
        '(source.commit, source.bug_diff), so its base commit cannot be rebuilt',
    );
  return { commit, bugDiff: bug_diff };
}

const building = new Map<string, Promise<void>>();

async function materialize(mirror: string, instance: TaskInstance): Promise<void> {
  const base = instance.base_commit;
  if ((await tryGit(mirror, ['cat-file', '-e', `${base}^{commit}`])) !== undefined) return;
  const { commit, bugDiff } = recipeOf(instance);
  if ((await tryGit(mirror, ['cat-file', '-e', `${commit}^{commit}`])) === undefined)
    throw new LegoError(
      'repo_unavailable',
      `the original commit ${commit} of synthetic instance ${instance.instance_id} is not in ${repoOfMirror(mirror)}; ` +
        'check the --repo source',
    );
  const rebuilt = await buggyBaseCommit(mirror, commit, bugDiff);
  if (!rebuilt.startsWith(base))
    throw new LegoError(
      'bad_input',
      `rebuilding the base commit of ${instance.instance_id} from its source gave ${rebuilt}, not ${base}; ` +
        'the instance was edited or made by another recipe',
    );
}

/**
 * Makes a synthetic instance's buggy base commit exist in the mirror (objects only, no ref), rebuilt from
 * the original commit and the bug diff its `source` records; returns at once for other instances or when
 * the commit is already there. The instance file and the original repository are all it needs.
 */
export async function materializeSyntheticBase(mirror: string, instance: TaskInstance): Promise<void> {
  if (!isSynthetic(instance)) return;
  const key = `${mirror}\0${instance.base_commit}`;
  let pending = building.get(key);
  if (!pending) {
    pending = materialize(mirror, instance).finally(() => building.delete(key));
    building.set(key, pending);
  }
  await pending;
}
