import { createHash } from 'node:crypto';
import { canonicalJson } from '../json.js';

/** A record without its `lineage` (where it came from, not what it is). */
const withoutLineage = (value: unknown): unknown => {
  if (!value || typeof value !== 'object' || Array.isArray(value) || !('lineage' in value)) return value;
  const { lineage: _lineage, ...rest } = value as Record<string, unknown>;
  return rest;
};

/**
 * sha256 of the canonical JSON of an item: with its key and config hash, what makes a done item done. A
 * record's `lineage` (also on each record of a reduce stage's whole input) is left out, so stamping an
 * upstream's outputs recomputes nothing downstream.
 */
export function inputDigest(item: unknown): string {
  const content = Array.isArray(item) ? item.map(withoutLineage) : withoutLineage(item);
  return createHash('sha256')
    .update(canonicalJson(content ?? null))
    .digest('hex');
}
