import { LegoError } from '../../../errors.js';
import { git, tryGit } from '../../../repos/git.js';

/** The commit a mirror's HEAD (its default branch) points at; a shallow or empty mirror is refused. */
export async function resolveHead(mirror: string, repo: string): Promise<string> {
  if ((await tryGit(mirror, ['rev-parse', '--is-shallow-repository'])) === 'true')
    throw new LegoError(
      'repo_unavailable',
      `${repo} is a shallow clone, so history is cut short; mine a full clone (git fetch --unshallow)`,
    );
  const head = await tryGit(mirror, ['rev-parse', '--verify', '--quiet', 'HEAD^{commit}']);
  if (!head) throw new LegoError('repo_unavailable', `${repo} has no commits on its default branch`);
  return head;
}

/** Whether the mirror holds `sha` as a commit. */
export async function hasCommit(mirror: string, sha: string): Promise<boolean> {
  return (await tryGit(mirror, ['cat-file', '-e', `${sha}^{commit}`])) !== undefined;
}

/**
 * The history a refresh mines: HEAD's commits not reachable from the cursor. After a force push (the cursor
 * is no longer an ancestor of HEAD) that is still every commit the cursor's history lacks, as long as the
 * mirror kept the cursor's objects; when it did not, all of HEAD's history is mined again (the stage's
 * output drops instance ids it already holds).
 */
export async function rangeAfter(
  mirror: string,
  cursor: string,
  head: string,
): Promise<{ exclude: string[]; forcePushed: boolean }> {
  if (!(await hasCommit(mirror, cursor))) return { exclude: [], forcePushed: true };
  const isAncestor = await git(mirror, ['merge-base', '--is-ancestor', cursor, head]).then(
    () => true,
    () => false,
  );
  return { exclude: [cursor], forcePushed: !isAncestor };
}
