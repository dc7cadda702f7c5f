import { join } from 'node:path';
import { execa } from 'execa';
import { LegoError } from '../errors.js';
import { gitlinks, hasGitmodules } from '../repos/gitmodules.js';
import { tryGit } from '../repos/git.js';
import { concatTars } from './tar-concat.js';

/** Install commands find a pristine copy of the repository at the commit in this environment variable. */
export const SNAPSHOT_VAR = 'LF_SNAPSHOT';

async function archive(dir: string, prefix: string, rev: string): Promise<Buffer> {
  const args = ['archive', '--format=tar', `--prefix=${prefix}`, rev];
  const result = await execa('git', args, { cwd: dir, encoding: 'buffer', stdin: 'ignore' });
  return Buffer.from(result.stdout);
}

/** The submodules checked out at the commit HEAD records for them, by path. */
async function populatedSubmodules(repoDir: string): Promise<[string, string][]> {
  if (!(await hasGitmodules(repoDir))) return [];
  const links = [...(await gitlinks(repoDir))];
  const heads = await Promise.all(links.map(([path]) => tryGit(join(repoDir, path), ['rev-parse', 'HEAD'])));
  return links.filter(([, commit], i) => heads[i] === commit);
}

/**
 * A tar of the repository's HEAD (tracked files only), each path under `prefix`, with the files of each
 * submodule checked out at its recorded commit under its path.
 */
export async function snapshotTar(repoDir: string, prefix: string): Promise<Buffer> {
  try {
    const submodules = await populatedSubmodules(repoDir);
    const parts = [await archive(repoDir, prefix, 'HEAD')];
    for (const [path, commit] of submodules) {
      parts.push(await archive(join(repoDir, path), `${prefix}${path}/`, commit));
    }
    return concatTars(parts);
  } catch (err) {
    throw new LegoError(
      'env_build_failed',
      `could not archive the repository at ${repoDir}: ${String(err)}`,
      { cause: err },
    );
  }
}
