import { open } from 'node:fs/promises';
import { withFileLock } from '../repos/file-lock.js';

/**
 * Appends lines (each without its newline) under `<path>.lock`, synced: concurrent writers never
 * interleave, and a line torn by a crash is closed with a newline before the new ones (readers skip it).
 */
export async function appendLinesSynced(path: string, lines: readonly string[]): Promise<void> {
  if (lines.length === 0) return;
  const text = lines.map((line) => `${line}\n`).join('');
  await withFileLock(`${path}.lock`, async () => {
    const file = await open(path, 'a+');
    try {
      const { size } = await file.stat();
      const last = Buffer.alloc(1);
      if (size > 0) await file.read(last, 0, 1, size - 1);
      await file.write(size > 0 && last[0] !== 0x0a ? `\n${text}` : text);
      await file.datasync();
    } finally {
      await file.close();
    }
  });
}
