import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { z } from 'zod';
import { LegoError } from '../errors.js';

/** A file a stage reads whole: its path and the sha256 of its content, so an edited file counts as new input. */
export const FileInput = z.object({ path: z.string(), sha256: z.string() });
export type FileInput = z.infer<typeof FileInput>;

/** Each path with the digest of its content, in order; a missing file is `bad_input`. */
export async function fileInputs(paths: string[]): Promise<FileInput[]> {
  return Promise.all(paths.map(async (path) => ({ path, sha256: await fileDigest(path) })));
}

async function fileDigest(path: string): Promise<string> {
  const hash = createHash('sha256');
  try {
    for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  } catch (err) {
    throw new LegoError('bad_input', `cannot read ${path}: ${(err as Error).message}`);
  }
  return hash.digest('hex');
}
