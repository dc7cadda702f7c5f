import type { Block } from '../block.js';
import { formatIssues } from '../json.js';
import type { Job } from '../queue/queue.js';
import type { ItemState, RunStore } from '../store/run-store.js';
import { inputDigest } from './input-digest.js';

/** An item that fails before it runs. */
export interface Rejected {
  key: string;
  message: string;
  /** False for a duplicate key: its row belongs to the first item with that key. */
  record: boolean;
}

/** What a stage run will do with each item, and the keys of the valid ones in item order. */
export interface StagePlan {
  total: number;
  keys: string[];
  /** The input digest of each valid item, by key. */
  digests: Map<string, string>;
  jobs: Job[];
  skipped: string[];
  rejected: Rejected[];
}

export interface PlanOptions {
  store: RunStore;
  stageName: string;
  hash: string;
  redo: boolean;
}

/**
 * Sorts the items into jobs, skipped ones (done, unless `redo`, under this config hash and from this very
 * input) and rejected ones (invalid, or repeating an earlier key).
 */
export async function planStage<I, O, C>(
  block: Block<I, O, C>,
  items: Iterable<unknown> | AsyncIterable<unknown>,
  { store, stageName, hash, redo }: PlanOptions,
): Promise<StagePlan> {
  const plan: StagePlan = { total: 0, keys: [], digests: new Map(), jobs: [], skipped: [], rejected: [] };
  const seen = new Set<string>();
  for await (const item of items) {
    const position = ++plan.total;
    const input = block.input.safeParse(item);
    const key = keyOf(block, input.success ? input.data : item) ?? `#${position}`;
    if (seen.has(key)) {
      plan.rejected.push({ key, message: `item ${position} repeats the key ${key}`, record: false });
      continue;
    }
    seen.add(key);
    if (!input.success) {
      plan.rejected.push({ key, message: `item ${position}: ${formatIssues(input.error)}`, record: true });
      continue;
    }
    const digest = inputDigest(input.data);
    plan.keys.push(key);
    plan.digests.set(key, digest);
    if (!redo && isDone(store.item(stageName, key), hash, digest)) plan.skipped.push(key);
    else plan.jobs.push({ block: stageName, key, item, configHash: hash, attempt: 1 });
  }
  return plan;
}

/** Done under this config from this input; a row from before digests were kept is done for its key. */
function isDone(row: ItemState | undefined, hash: string, digest: string): boolean {
  if (row?.status !== 'done' || row.config_hash !== hash) return false;
  return row.input_digest === null || row.input_digest === digest;
}

/** The item's key, or undefined when the block cannot compute one (an invalid item). */
function keyOf<I>(block: Block<I, unknown, unknown>, item: unknown): string | undefined {
  try {
    const key = block.key(item as I);
    return typeof key === 'string' && key !== '' ? key : undefined;
  } catch {
    return undefined;
  }
}
