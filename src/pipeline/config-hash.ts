import { createHash } from 'node:crypto';
import { canonicalJson } from '../json.js';
import { checkRunConfig } from '../store/run-config.js';
import type { RunStore } from '../store/run-store.js';

/**
 * Config keys that say where files are kept, how sandboxes are labelled or how much git history a checkout
 * fetches, never what a result is.
 */
const placementKeys = new Set(['cacheDir', 'runId', 'history']);

/** The config without its placement keys (at any depth): the part that decides results. */
export function resultConfig(config: unknown): unknown {
  if (Array.isArray(config)) return config.map(resultConfig);
  if (config === null || typeof config !== 'object') return config ?? null;
  return Object.fromEntries(
    Object.entries(config)
      .filter(([key]) => !placementKeys.has(key))
      .map(([key, value]) => [key, resultConfig(value)]),
  );
}

/**
 * sha256 over the canonical JSON of the block's name, version and result config: what "done" is relative
 * to. Moving the cache or naming the run otherwise leaves every result done.
 */
export function configHash(block: { name: string; version: string }, config: unknown): string {
  const identity = canonicalJson({ name: block.name, version: block.version, config: resultConfig(config) });
  return createHash('sha256').update(identity).digest('hex');
}

/**
 * What the stage runner checks first, for a pipeline to call on each later stage before the first one
 * runs: refuses (`config_changed`) to resume `block` under another config while results finished under the
 * old one stand. The store keeps them under `stageName` (default: the block's name).
 */
export function checkResumable(
  store: RunStore,
  block: { name: string; version: string },
  config: unknown,
  redo: boolean,
  stageName = block.name,
) {
  const stage = { name: stageName, version: block.version };
  checkRunConfig(store, stage, resultConfig(config), configHash(block, config), redo);
}
