import { readFile } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import type { CheckoutFiles } from './repair/rule.js';

/** Read-only access to the files of a checkout; paths that leave it read as absent. */
export function checkoutFiles(root: string): CheckoutFiles {
  return {
    read: async (path) => {
      const full = resolve(root, path);
      if (relative(root, full).startsWith('..')) return undefined;
      return readFile(full, 'utf8').catch(() => undefined);
    },
  };
}
