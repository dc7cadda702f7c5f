/**
 * The run directory: `state.sqlite` (item state, the point of truth, and the config each block's items are
 * computed under), one `<block>.jsonl` per block (the canonical output, one line per done key),
 * `items/<block>/<key>/` and `logs/<block>/<key>.log`.
 *
 * Exactly-once protocol, safe under `kill -9` at any instant:
 * 1. An item is done when its row (status `done`, output JSON text, next `seq`) is committed in SQLite
 *    (WAL, synchronous=FULL). Only then is that same text appended to the block's JSONL.
 * 2. One process writes a run directory at a time (`writer.lock` holds its pid; a dead holder's lock is
 *    taken over), so lines are appended in `seq` order.
 * 3. On open, each block's JSONL is reconciled with its done rows ordered by `seq`: a partial trailing line
 *    is dropped and missing lines are appended; a file whose lines are not a prefix of the rows is rewritten
 *    atomically (temp file, fsync, rename).
 * 4. Nothing finished is removed before its replacement commits. Recomputing a done item replaces its row
 *    in the same transaction that commits the new output, and appends the new line; a failed recomputation
 *    leaves the done row as it was. While a run goes on, the JSONL may therefore hold a superseded line for
 *    a key before its replacement (the last line for a key wins); `close()` compacts the file once to one
 *    line per done key, and step 3 does the same after a kill.
 */
import { mkdirSync } from 'node:fs';
import type { ErrorCode } from '../errors.js';
import { acquireWriterLock } from './lock.js';
import {
  appendOutputLine,
  reconcileOutput,
  removeStaleTemps,
  rewriteOutput,
  type ReconcileResult,
} from './output-log.js';
import { runPaths } from './paths.js';
import { StateDb, type ConfigRow, type ItemRow, type NewItemRow } from './state-db.js';

export type { ItemStatus } from './state-db.js';
export type { ReconcileResult } from './output-log.js';

/** The state of one item, with its output parsed back from JSON (`null` unless done). */
export type ItemState = Omit<ItemRow, 'output'> & { output: unknown };

/**
 * What finished an item: its output, or the error that failed it; `inputDigest` (see `inputDigest`) is the
 * digest of the item it was computed from.
 */
export type ItemOutcome = { configHash: string; inputDigest?: string; attempts: number } & (
  { status: 'done'; output: unknown } | { status: 'failed'; code: ErrorCode; message: string }
);

/** The config a block's items are computed under, as recorded in the run directory. */
export type RecordedConfig = Omit<ConfigRow, 'block' | 'config'> & { config: unknown };

/** A run directory opened by its single writer. */
export interface RunStore {
  readonly dir: string;
  /** What reconciling each block's JSONL on open changed, by block name. */
  readonly reconciled: ReadonlyMap<string, ReconcileResult>;
  /** The names of the blocks that have recorded items, sorted. */
  blocks(): string[];
  item(block: string, key: string): ItemState | undefined;
  /** Every item of a block in `seq` order. */
  items(block: string): ItemState[];
  /**
   * Commits an item's outcome, then (when done) appends its output line. A failure never replaces a done
   * row: it returns `kept` and the finished result stays.
   */
  record(block: string, key: string, outcome: ItemOutcome): 'recorded' | 'kept';
  /** The config the block's items are computed under; undefined until one is recorded. */
  config(block: string): RecordedConfig | undefined;
  setConfig(block: string, config: RecordedConfig): void;
  /** The distinct config hashes of the block's done items. */
  doneHashes(block: string): string[];
  outputPath(block: string): string;
  itemDir(block: string, key: string): string;
  logPath(block: string, key: string): string;
  /** Compacts each JSONL that holds superseded lines, closes the database and releases the writer lock. */
  close(): void;
}

/** Opens (creating it when absent) the run directory `dir`, takes its writer lock and reconciles its JSONL. */
export function openRunStore(dir: string): RunStore {
  for (const sub of ['', 'logs', 'items']) mkdirSync(`${dir}/${sub}`, { recursive: true });
  const release = acquireWriterLock(runPaths.lock(dir), dir);
  try {
    removeStaleTemps(dir);
    return new RunDirectory(dir, new StateDb(runPaths.state(dir)), release);
  } catch (err) {
    release();
    throw err;
  }
}

class RunDirectory implements RunStore {
  readonly reconciled = new Map<string, ReconcileResult>();
  /** Blocks whose JSONL holds lines of items recomputed since open. */
  private readonly superseded = new Set<string>();

  constructor(
    readonly dir: string,
    private readonly db: StateDb,
    private readonly release: () => void,
  ) {
    try {
      for (const block of db.blocks()) {
        this.reconciled.set(
          block,
          reconcileOutput(this.outputPath(block), () => this.doneLines(block)),
        );
      }
    } catch (err) {
      db.close();
      throw err;
    }
  }

  blocks(): string[] {
    return this.db.blocks();
  }

  item(block: string, key: string): ItemState | undefined {
    const row = this.db.get(block, key);
    return row && parseRow(row);
  }

  items(block: string): ItemState[] {
    return this.db.all(block).map(parseRow);
  }

  record(block: string, key: string, outcome: ItemOutcome): 'recorded' | 'kept' {
    const wasDone = this.db.get(block, key)?.status === 'done';
    if (wasDone && outcome.status === 'failed') return 'kept';
    const row = this.db.write(toRow(block, key, outcome));
    if (row.output !== null) appendOutputLine(this.outputPath(block), row.output);
    if (wasDone) this.superseded.add(block);
    return 'recorded';
  }

  config(block: string): RecordedConfig | undefined {
    const row = this.db.config(block);
    return row && { version: row.version, config_hash: row.config_hash, config: JSON.parse(row.config) };
  }

  setConfig(block: string, recorded: RecordedConfig): void {
    this.db.setConfig({ ...recorded, block, config: JSON.stringify(recorded.config) ?? 'null' });
  }

  doneHashes(block: string): string[] {
    return this.db.doneHashes(block);
  }

  outputPath(block: string): string {
    return runPaths.output(this.dir, block);
  }

  itemDir(block: string, key: string): string {
    return runPaths.itemDir(this.dir, block, key);
  }

  logPath(block: string, key: string): string {
    return runPaths.log(this.dir, block, key);
  }

  close(): void {
    try {
      for (const block of this.superseded) rewriteOutput(this.outputPath(block), this.doneLines(block));
    } finally {
      this.db.close();
      this.release();
    }
  }

  private *doneLines(block: string): Iterable<string> {
    for (const { output } of this.db.doneOutputs(block)) yield output;
  }
}

function toRow(block: string, key: string, outcome: ItemOutcome): NewItemRow {
  const base = {
    block,
    key,
    config_hash: outcome.configHash,
    input_digest: outcome.inputDigest ?? null,
    attempts: outcome.attempts,
  };
  if (outcome.status === 'done') {
    const output = JSON.stringify(outcome.output) ?? 'null';
    return { ...base, status: 'done', error_code: null, error_message: null, output };
  }
  return {
    ...base,
    status: 'failed',
    error_code: outcome.code,
    error_message: outcome.message,
    output: null,
  };
}

function parseRow(row: ItemRow): ItemState {
  return { ...row, output: row.output === null ? null : JSON.parse(row.output) };
}
