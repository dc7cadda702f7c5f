import { readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { LedgerEntry, type LedgerResult } from '../schema/env-ledger.js';
import { appendLinesSynced } from '../store/append-synced.js';
import { readValidRecords } from '../store/jsonl.js';

/** The env ledger's directory: one JSONL file per repository. */
export function ledgerDir(cacheDir: string): string {
  return join(resolve(cacheDir), 'env-ledger');
}

/** `<cache>/env-ledger/<owner>+<name>.jsonl`. */
export function ledgerPath(cacheDir: string, repo: string): string {
  return join(ledgerDir(cacheDir), `${repo.replaceAll('/', '+')}.jsonl`);
}

/** Appends one entry (see `appendLinesSynced`: locked, synced, a torn line closed before it). */
export async function appendLedger(cacheDir: string, entry: LedgerEntry): Promise<void> {
  await appendLinesSynced(ledgerPath(cacheDir, entry.repo), [JSON.stringify(LedgerEntry.parse(entry))]);
}

/** The entries of one repository's ledger, or of every repository's when `repo` is undefined. */
export async function readLedger(cacheDir: string, repo?: string): Promise<LedgerEntry[]> {
  if (repo !== undefined) return readValidRecords(ledgerPath(cacheDir, repo), LedgerEntry);
  const names = await readdir(ledgerDir(cacheDir)).catch(() => [] as string[]);
  const files = names.filter((name) => name.endsWith('.jsonl')).sort();
  return (
    await Promise.all(files.map((name) => readValidRecords(join(ledgerDir(cacheDir), name), LedgerEntry)))
  ).flat();
}

/** The latest construction from `startSpecId` that ended ready after passing `check` (any check when undefined). */
export async function readyResult(
  cacheDir: string,
  repo: string,
  startSpecId: string,
  check?: string,
): Promise<LedgerResult | undefined> {
  const entries = await readLedger(cacheDir, repo);
  return entries.findLast(
    (entry): entry is LedgerResult =>
      entry.kind === 'result' &&
      entry.status === 'ready' &&
      entry.start_spec_id === startSpecId &&
      (check === undefined || entry.check === check),
  );
}

function matches(entry: LedgerEntry, id: string): boolean {
  if (id === entry.instance_id || id === entry.start_spec_id || id === entry.repo) return true;
  if (entry.kind === 'attempt' ? id === entry.spec_id : id === entry.final_spec_id) return true;
  const [repo, commit] = id.split('@');
  return repo === entry.repo && commit !== undefined && commit.length >= 4 && entry.commit.startsWith(commit);
}

/**
 * The entries of every construction one of whose entries `id` names: an instance id, a spec id (start,
 * tried or final), `owner/name@commit` (a commit prefix of 4 or more characters), or `owner/name`.
 */
export function constructionsFor(entries: LedgerEntry[], id: string): LedgerEntry[] {
  const named = new Set(entries.filter((entry) => matches(entry, id)).map((entry) => entry.construction));
  return entries.filter((entry) => named.has(entry.construction));
}
