import { execa } from 'execa';
import { LegoError } from '../errors.js';

/** Install commands find a pristine copy of the repository at the commit in this environment variable. */
export const SNAPSHOT_VAR = 'LF_SNAPSHOT';

/** A tar of the repository's HEAD (tracked files only), each path under `prefix`. */
export async function snapshotTar(repoDir: string, prefix: string): Promise<Buffer> {
  try {
    const result = await execa('git', ['archive', '--format=tar', `--prefix=${prefix}`, 'HEAD'], {
      cwd: repoDir,
      encoding: 'buffer',
      stdin: 'ignore',
    });
    return Buffer.from(result.stdout);
  } catch (err) {
    throw new LegoError(
      'env_build_failed',
      `could not archive the repository at ${repoDir}: ${String(err)}`,
      {
        cause: err,
      },
    );
  }
}
