import { readdir, readFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import type { CheckoutFiles } from './repair/rule.js';

/** Read-only access to the files of a checkout; paths that leave it read as absent. */
export function checkoutFiles(root: string): CheckoutFiles {
  const inside = (path: string) => {
    const full = resolve(root, path);
    return relative(root, full).startsWith('..') ? undefined : full;
  };
  return {
    read: async (path) => {
      const full = inside(path);
      return full === undefined ? undefined : readFile(full, 'utf8').catch(() => undefined);
    },
    list: async (dir) => {
      const full = inside(dir);
      if (full === undefined) return [];
      const entries = await readdir(full, { recursive: true, withFileTypes: true }).catch(() => []);
      return entries
        .filter((entry) => entry.isFile())
        .map((entry) => relative(root, join(entry.parentPath, entry.name)))
        .filter((path) => !path.split('/').includes('.git'));
    },
  };
}
