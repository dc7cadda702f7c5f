import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { LegoError } from '../errors.js';

/**
 * One file holding the lines of `files`: the file itself when there is one, else their concatenation at
 * `target`, rewritten (atomically) only when its content changed.
 */
export async function concatInputs(files: string[], target: string, missing: string): Promise<string> {
  if (files.length === 0) throw new LegoError('bad_input', missing);
  if (files.length === 1) return files[0]!;
  const parts = await Promise.all(files.map((file) => readFile(file, 'utf8')));
  const text = parts.map((part) => (part === '' || part.endsWith('\n') ? part : `${part}\n`)).join('');
  const before = await readFile(target, 'utf8').catch(() => undefined);
  if (before === text) return target;
  await mkdir(dirname(target), { recursive: true });
  await writeFile(`${target}.tmp`, text);
  await rename(`${target}.tmp`, target);
  return target;
}
