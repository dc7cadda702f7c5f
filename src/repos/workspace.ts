import { appendFile, mkdir, readdir, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { LegoError } from '../errors.js';
import { ensureBaseObjects } from './base-objects.js';
import { git, gitErrorDetail, tryGit } from './git.js';
import type { Checkout, HistoryMode } from './history.js';
import { repoOfMirror } from './mirror.js';
import { fetchAvailableHistory, fetchDepth, whyFetchFailed } from './shallow.js';
import { checkoutSubmodules } from './submodules.js';

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

/** A new repository with the workspace identity and no automatic gc; its config is written directly. */
async function initWorkspace(dest: string): Promise<void> {
  await git(dest, ['-c', 'init.defaultBranch=main', 'init', '--quiet']);
  const { name, email } = workspaceIdentity;
  await appendFile(
    join(dest, '.git', 'config'),
    `[user]\n\tname = ${name}\n\temail = ${email}\n[gc]\n\tauto = 0\n`,
  );
}

async function fetchHistory(dest: string, mirror: string, sha: string, history: HistoryMode) {
  if (history === 'shallow') {
    await ensureBaseObjects(mirror, sha);
    await fetchDepth(dest, mirror, sha, 1);
    return { history, depth: 1, reason: '--history shallow' } satisfies Checkout;
  }
  const full = await git(dest, ['fetch', '--quiet', '--no-tags', '--no-write-fetch-head', mirror, sha]).then(
    () => undefined,
    (err: unknown) => err,
  );
  if (full === undefined) return { history } satisfies Checkout;
  await ensureBaseObjects(mirror, sha);
  const depth = await fetchAvailableHistory(dest, mirror, sha);
  if (depth === 'complete') return { history } satisfies Checkout;
  return {
    history: 'shallow',
    depth,
    reason: `full history unavailable: ${whyFetchFailed(full)}`,
  } satisfies Checkout;
}

async function detachAt(dest: string, sha: string): Promise<void> {
  await git(dest, ['checkout', '--quiet', '--detach', sha]);
  await rm(join(dest, '.git', 'FETCH_HEAD'), { force: true });
  await git(dest, ['reflog', 'expire', '--expire=now', '--all']);
}

/**
 * Makes `dest` a fresh checkout of exactly `commit` from `mirror`: the commit and its ancestors only, with
 * a detached HEAD, no remotes, tags, branches or reflog, so nothing after the base commit can leak.
 * `full` history falls back to a shallow checkout with as much history as the mirror holds when objects
 * are missing in it; `shallow` fetches the base commit alone. Submodules are fetched at the commits it
 * records (see `checkoutSubmodules`). Resolves to the checkout that was made.
 */
export async function prepareWorkspace(
  mirrorDir: string,
  commit: string,
  destDir: string,
  options: { history?: HistoryMode } = {},
): Promise<Checkout> {
  const [mirror, dest] = [resolve(mirrorDir), resolve(destDir)];
  const sha = await resolveCommit(mirror, commit);
  await assertEmptyDir(dest);
  try {
    await initWorkspace(dest);
    const checkout = await fetchHistory(dest, mirror, sha, options.history ?? 'full');
    await detachAt(dest, sha);
    const submodules = await checkoutSubmodules(dest, await tryGit(mirror, ['remote', 'get-url', 'origin']));
    return submodules.length > 0 ? { ...checkout, submodules } : checkout;
  } catch (err) {
    if (err instanceof LegoError) throw err;
    throw new LegoError(
      'repo_unavailable',
      `could not check out ${repoOfMirror(mirror)}@${sha} into ${dest}: ${gitErrorDetail(err)}`,
      { cause: err },
    );
  }
}
