import { open, readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { withFileLock } from '../repos/file-lock.js';
import { LedgerEntry, type LedgerResult } from '../schema/env-ledger.js';
import { readRecords } from '../store/jsonl.js';

/** The env ledger's directory: one JSONL file per repository. */
export function ledgerDir(cacheDir: string): string {
  return join(resolve(cacheDir), 'env-ledger');
}

/** `<cache>/env-ledger/<owner>+<name>.jsonl`. */
export function ledgerPath(cacheDir: string, repo: string): string {
  return join(ledgerDir(cacheDir), `${repo.replaceAll('/', '+')}.jsonl`);
}

/**
 * Appends one entry under a lock, synced: concurrent writers never interleave, and a line torn by a
 * crash is closed with a newline before the next one (readers skip it).
 */
export async function appendLedger(cacheDir: string, entry: LedgerEntry): Promise<void> {
  const path = ledgerPath(cacheDir, entry.repo);
  const line = `${JSON.stringify(LedgerEntry.parse(entry))}\n`;
  await withFileLock(`${path}.lock`, async () => {
    const file = await open(path, 'a+');
    try {
      const { size } = await file.stat();
      const last = Buffer.alloc(1);
      if (size > 0) await file.read(last, 0, 1, size - 1);
      await file.write(size > 0 && last[0] !== 0x0a ? `\n${line}` : line);
      await file.datasync();
    } finally {
      await file.close();
    }
  });
}

async function readFile(path: string): Promise<LedgerEntry[]> {
  const entries: LedgerEntry[] = [];
  try {
    for await (const record of readRecords(path, LedgerEntry))
      if ('value' in record) entries.push(record.value);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  return entries;
}

/** The entries of one repository's ledger, or of every repository's when `repo` is undefined. */
export async function readLedger(cacheDir: string, repo?: string): Promise<LedgerEntry[]> {
  if (repo !== undefined) return readFile(ledgerPath(cacheDir, repo));
  const names = await readdir(ledgerDir(cacheDir)).catch(() => [] as string[]);
  const files = names.filter((name) => name.endsWith('.jsonl')).sort();
  return (await Promise.all(files.map((name) => readFile(join(ledgerDir(cacheDir), name))))).flat();
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
