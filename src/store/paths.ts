import { createHash } from 'node:crypto';
import { join } from 'node:path';

/**
 * A file-name-safe form of a key or block name: kept as-is when it is already safe, otherwise the unsafe
 * characters become `_` and a short hash of the original keeps distinct keys distinct.
 */
export function safeName(name: string): string {
  const cleaned = name.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 120);
  const unchanged = cleaned === name && name !== '' && !/^\.+$/.test(name);
  if (unchanged) return name;
  const digest = createHash('sha256').update(name).digest('hex').slice(0, 10);
  return `${cleaned}-${digest}`;
}

/** Where a run directory keeps each kind of file. */
export const runPaths = {
  state: (dir: string) => join(dir, 'state.sqlite'),
  lock: (dir: string) => join(dir, 'writer.lock'),
  output: (dir: string, block: string) => join(dir, `${safeName(block)}.jsonl`),
  itemDir: (dir: string, block: string, key: string) => join(dir, 'items', safeName(block), safeName(key)),
  log: (dir: string, block: string, key: string) =>
    join(dir, 'logs', safeName(block), `${safeName(key)}.log`),
};
