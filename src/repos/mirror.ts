import { access, readdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { LegoError } from '../errors.js';
import { withFileLock } from './file-lock.js';
import { git, gitErrorDetail, tryGit } from './git.js';
import { isUrlSource } from './repo-flag.js';

/** Where the bare mirror of `owner/name` lives in a cache directory. */
export function mirrorPath(cacheDir: string, repo: string): string {
  return join(resolve(cacheDir), 'repos', `${repo.replace('/', '__')}.git`);
}

/** The `owner/name` a mirror path was made for. */
export function repoOfMirror(mirror: string): string {
  return basename(mirror, '.git').replace('__', '/');
}

function unavailable(repo: string, source: string, action: string, err: unknown): LegoError {
  return new LegoError(
    'repo_unavailable',
    `could not ${action} ${repo} from ${source}: ${gitErrorDetail(err)}\n` +
      'Check the --repo owner/name=PATH_OR_URL value and that the source is reachable.',
    { retryable: isUrlSource(source), cause: err },
  );
}

async function assertLocalSourceExists(repo: string, source: string): Promise<void> {
  if (isUrlSource(source)) return;
  await access(source).catch((err: unknown) => {
    throw new LegoError('repo_unavailable', `source path of ${repo} does not exist: ${source}`, {
      cause: err,
    });
  });
}

async function isBareRepo(path: string): Promise<boolean> {
  return (await tryGit(path, ['rev-parse', '--is-bare-repository'])) === 'true';
}

async function removeLeftovers(mirror: string): Promise<void> {
  const prefix = `${basename(mirror)}.tmp-`;
  const names = await readdir(dirname(mirror)).catch(() => [] as string[]);
  const stale = names.filter((name) => name.startsWith(prefix) || name === basename(mirror));
  await Promise.all(stale.map((name) => rm(join(dirname(mirror), name), { recursive: true, force: true })));
}

async function cloneInto(staging: string, source: string, filter: string[]): Promise<void> {
  try {
    await git(dirname(staging), ['clone', '--mirror', '--quiet', ...filter, source, staging]);
    await git(staging, ['config', 'uploadpack.allowAnySHA1InWant', 'true']);
  } catch (err) {
    await rm(staging, { recursive: true, force: true });
    throw err;
  }
}

/**
 * Clones a full mirror, or a blobless one when the source cannot serve every object (itself a partial
 * clone whose promisor is gone): workspaces then fetch the base commit's files from the source on demand.
 */
async function createMirror(repo: string, mirror: string, source: string): Promise<void> {
  await removeLeftovers(mirror);
  const staging = `${mirror}.tmp-${process.pid}-${Date.now()}`;
  try {
    await cloneInto(staging, source, []).catch(async (err: unknown) => {
      await cloneInto(staging, source, ['--filter=blob:none']).catch(() => Promise.reject(err));
    });
    await rename(staging, mirror);
  } catch (err) {
    await rm(staging, { recursive: true, force: true });
    throw unavailable(repo, source, 'clone', err);
  }
}

async function updateMirror(repo: string, mirror: string, source: string): Promise<void> {
  try {
    await git(mirror, ['remote', 'set-url', 'origin', source]);
    await git(mirror, ['config', 'uploadpack.allowAnySHA1InWant', 'true']);
    await git(mirror, ['fetch', '--prune', '--quiet', 'origin']);
  } catch (err) {
    throw unavailable(repo, source, 'update the mirror of', err);
  }
}

/**
 * Returns the path of a bare mirror of `repo` at `cacheDir/repos/owner__name.git`, cloned from `source`
 * (a local path, bare or not, or a URL) or updated with a fetch when it exists. Concurrent callers
 * serialize on a lock file beside the mirror.
 */
export async function ensureMirror(repo: string, source: string, cacheDir: string): Promise<string> {
  const mirror = mirrorPath(cacheDir, repo);
  const from = isUrlSource(source) ? source : resolve(source);
  await assertLocalSourceExists(repo, from);
  return withFileLock(`${mirror}.lock`, async () => {
    if (await isBareRepo(mirror)) await updateMirror(repo, mirror, from);
    else await createMirror(repo, mirror, from);
    return mirror;
  });
}
