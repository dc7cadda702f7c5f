import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { gitIn } from '../test-repo.js';

/** Deletes a loose object from a repository's object store, as a mirror that omits large files lacks it. */
export async function deleteLooseObject(gitDir: string, oid: string): Promise<void> {
  await rm(join(gitDir, 'objects', oid.slice(0, 2), oid.slice(2)));
  await expectMissing(gitDir, oid);
}

async function expectMissing(gitDir: string, oid: string): Promise<void> {
  const present = await gitIn(gitDir, 'cat-file', '-e', oid).then(
    () => true,
    () => false,
  );
  if (present) throw new Error(`${oid} is still in ${gitDir} (packed?)`);
}

/** The blob id of `path` at `commit`. */
export function blobAt(repo: string, commit: string, path: string): Promise<string> {
  return gitIn(repo, 'rev-parse', `${commit}:${path}`);
}

/**
 * A blobless partial clone (`--filter=blob:none`) of `origin` at `dest`, its working tree checked out at
 * HEAD so HEAD's files are present, whose promisor remote is then made unreachable by deleting `origin`.
 */
export async function orphanedPartialClone(origin: string, dest: string): Promise<void> {
  await gitIn(origin, 'config', 'uploadpack.allowFilter', 'true');
  await gitIn(join(dest, '..'), 'clone', '-q', '--filter=blob:none', `file://${origin}`, dest);
  await rm(origin, { recursive: true, force: true });
}
