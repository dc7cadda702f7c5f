import { createHash } from 'node:crypto';
import { canonicalJson } from '../json.js';

/** sha256 of the canonical JSON of an item: with its key and config hash, what makes a done item done. */
export function inputDigest(item: unknown): string {
  return createHash('sha256')
    .update(canonicalJson(item ?? null))
    .digest('hex');
}
