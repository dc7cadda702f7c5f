import { LegoError } from '../errors.js';
import { canonicalJson } from '../json.js';
import type { RecordedConfig, RunStore } from './run-store.js';

/** Config keys whose values are credentials; none may be part of a block's config (it is stored). */
const secretKey =
  /^(api_?key|apikey|secret|client_?secret|password|passwd|auth_?token|access_?token|bearer)$/i;
/** The user-info part of a URL (`https://user:token@host`): it is recorded redacted. */
const urlCredentials = /^([a-z][a-z0-9+.-]*:\/\/)[^/@\s]+@/i;

/**
 * Makes sure the run directory computes the block under this config: records it, and refuses, before any
 * item runs, to resume under another config while results finished under another one stand (unless
 * `redo`). A run with no finished result (every item failed) takes the new config silently.
 */
export function checkRunConfig(
  store: RunStore,
  block: { name: string; version: string },
  config: unknown,
  hash: string,
  redo: boolean,
): void {
  assertNoSecrets(config, '');
  const current: RecordedConfig = {
    version: block.version,
    config_hash: hash,
    config: redacted(JSON.parse(canonicalJson(config ?? null))),
  };
  const recorded = store.config(block.name);
  if (recorded?.config_hash === hash) return;
  const finished = store.doneHashes(block.name).some((h) => h !== hash);
  if (finished && !redo) {
    const changes = recorded
      ? describeChanges(recorded, current)
      : ['items done under a config this run did not record'];
    throw configChanged(store, block.name, changes);
  }
  store.setConfig(block.name, current);
}

/** Each difference between two recorded configs as `path: old → new`, dotted paths, sorted. */
export function describeChanges(before: RecordedConfig, after: RecordedConfig): string[] {
  const changes: string[] = [];
  if (before.version !== after.version) changes.push(`version: ${before.version} → ${after.version}`);
  diff(before.config, after.config, '', changes);
  return changes.length > 0 ? changes : ['a credential inside a URL (recorded redacted)'];
}

function redacted(value: unknown): unknown {
  if (typeof value === 'string') return value.replace(urlCredentials, '$1<redacted>@');
  if (Array.isArray(value)) return value.map(redacted);
  if (isRecord(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redacted(v)]));
  return value;
}

function diff(a: unknown, b: unknown, path: string, out: string[]): void {
  if (isRecord(a) && isRecord(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    for (const key of keys) diff(a[key], b[key], path ? `${path}.${key}` : key, out);
  } else if (canonicalJson(a) !== canonicalJson(b)) {
    out.push(`${path || 'config'}: ${show(a)} → ${show(b)}`);
  }
}

function show(value: unknown): string {
  if (value === undefined) return '(absent)';
  const text = canonicalJson(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function configChanged(store: RunStore, block: string, changes: string[]): LegoError {
  return new LegoError(
    'config_changed',
    `${store.dir} holds ${block} results computed under another config:\n` +
      changes.map((change) => `  ${change}\n`).join('') +
      'Nothing was run. Either add --redo to recompute them in place (each finished result stays until ' +
      'its replacement is done), or give another --out / --run-id to start a new run.',
  );
}

function assertNoSecrets(value: unknown, path: string): void {
  if (Array.isArray(value)) value.forEach((item, i) => assertNoSecrets(item, `${path}[${i}]`));
  else if (isRecord(value))
    for (const [key, item] of Object.entries(value)) {
      const at = path ? `${path}.${key}` : key;
      if (secretKey.test(key) && item !== undefined && item !== null && item !== '')
        throw new LegoError('internal', `the config holds a credential at ${at}; pass secrets outside it`);
      assertNoSecrets(item, at);
    }
}
