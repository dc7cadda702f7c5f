import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { manifestRelevance } from './manifest-relevance.js';

/** A file's text, or undefined when it does not exist. */
export async function readIfExists(repoDir: string, file: string): Promise<string | undefined> {
  return readFile(join(repoDir, file), 'utf8').catch(() => undefined);
}

/** Names of the plain files and of the directories in the repository root, sorted. */
export async function rootEntries(repoDir: string): Promise<{ files: string[]; dirs: string[] }> {
  const entries = await readdir(repoDir, { withFileTypes: true });
  const names = (keep: (entry: (typeof entries)[number]) => boolean) =>
    entries
      .filter(keep)
      .map((entry) => entry.name)
      .sort();
  return { files: names((entry) => entry.isFile()), dirs: names((entry) => entry.isDirectory()) };
}

/** sha256 over each file's name and the part of its contents that can change the environment, in order. */
export async function manifestDigest(repoDir: string, files: string[]): Promise<string> {
  const hash = createHash('sha256');
  for (const file of files) {
    hash.update(`${file}\0`);
    hash.update(manifestRelevance(file, await readFile(join(repoDir, file))));
    hash.update('\0');
  }
  return hash.digest('hex');
}
