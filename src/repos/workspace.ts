import { mkdir, readdir, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { LegoError } from '../errors.js';
import { git, gitErrorDetail, tryGit } from './git.js';
import { repoOfMirror } from './mirror.js';

/** The identity commits made in a workspace carry. */
export const workspaceIdentity = { name: 'LegoFactory', email: 'legofactory@localhost' };

async function resolveCommit(mirror: string, commit: string): Promise<string> {
  const sha = /^[0-9a-f]{4,40}$/i.test(commit)
    ? await tryGit(mirror, ['rev-parse', '--verify', '--quiet', `${commit}^{commit}`])
    : undefined;
  if (sha) return sha;
  throw new LegoError(
    'repo_unavailable',
    `commit ${commit} of ${repoOfMirror(mirror)} does not exist in its mirror ${mirror}; ` +
      'check the sha, or that the --repo source holds it',
  );
}

async function assertEmptyDir(dest: string): Promise<void> {
  await mkdir(dest, { recursive: true });
  if ((await readdir(dest)).length > 0) {
    throw new LegoError(
      'bad_input',
      `workspace directory ${dest} is not empty; give a new or empty directory`,
    );
  }
}

async function checkoutOnly(dest: string, mirror: string, sha: string): Promise<void> {
  await git(dest, ['-c', 'init.defaultBranch=main', 'init', '--quiet']);
  await git(dest, ['config', 'user.name', workspaceIdentity.name]);
  await git(dest, ['config', 'user.email', workspaceIdentity.email]);
  await git(dest, ['config', 'gc.auto', '0']);
  await git(dest, ['fetch', '--quiet', '--no-tags', '--no-write-fetch-head', mirror, sha]);
  await git(dest, ['checkout', '--quiet', '--detach', sha]);
  await rm(join(dest, '.git', 'FETCH_HEAD'), { force: true });
  await git(dest, ['reflog', 'expire', '--expire=now', '--all']);
}

/**
 * Makes `dest` a fresh checkout of exactly `commit` from `mirror`: the commit and its ancestors only, with
 * a detached HEAD, no remotes, tags, branches or reflog, so nothing after the base commit can leak.
 */
export async function prepareWorkspace(mirrorDir: string, commit: string, destDir: string): Promise<void> {
  const [mirror, dest] = [resolve(mirrorDir), resolve(destDir)];
  const sha = await resolveCommit(mirror, commit);
  await assertEmptyDir(dest);
  try {
    await checkoutOnly(dest, mirror, sha);
  } catch (err) {
    throw new LegoError(
      'repo_unavailable',
      `could not check out ${repoOfMirror(mirror)}@${sha} into ${dest}: ${gitErrorDetail(err)}`,
      { cause: err },
    );
  }
}
