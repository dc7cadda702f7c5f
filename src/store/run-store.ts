/**
 * The run directory: `state.sqlite` (item state, the point of truth), one `<block>.jsonl` per block (the
 * canonical output, one line per done key), `items/<block>/<key>/` and `logs/<block>/<key>.log`.
 *
 * Exactly-once protocol, safe under `kill -9` at any instant:
 * 1. An item is done when its row (status `done`, output JSON text, next `seq`) is committed in SQLite
 *    (WAL, synchronous=FULL). Only then is that same text appended to the block's JSONL.
 * 2. One process writes a run directory at a time (`writer.lock` holds its pid; a dead holder's lock is
 *    taken over), so lines are appended in `seq` order.
 * 3. On open, each block's JSONL is reconciled with its done rows ordered by `seq`: a partial trailing line
 *    is dropped and missing lines are appended; a file whose lines are not a prefix of the rows is rewritten.
 * 4. Recomputing items deletes their rows in one transaction, then rewrites the JSONL atomically (temp file,
 *    fsync, rename). A kill between the two leaves a file step 3 rewrites.
 */
import { mkdirSync } from 'node:fs';
import { LegoError, type ErrorCode } from '../errors.js';
import { acquireWriterLock } from './lock.js';
import {
  appendOutputLine,
  reconcileOutput,
  removeStaleTemps,
  rewriteOutput,
  type ReconcileResult,
} from './output-log.js';
import { runPaths } from './paths.js';
import { StateDb, type ItemRow, type NewItemRow } from './state-db.js';

export type { ItemStatus } from './state-db.js';
export type { ReconcileResult } from './output-log.js';

/** The state of one item, with its output parsed back from JSON (`null` unless done). */
export type ItemState = Omit<ItemRow, 'output'> & { output: unknown };

/** What finished an item: its output, or the error that failed it. */
export type ItemOutcome =
  | { status: 'done'; configHash: string; attempts: number; output: unknown }
  | { status: 'failed'; configHash: string; attempts: number; code: ErrorCode; message: string };

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
  /** Commits an item's outcome, then (when done) appends its output line. A done item must be forgotten first. */
  record(block: string, key: string, outcome: ItemOutcome): void;
  /** Deletes the items' rows and, when some were done, rewrites the block's JSONL; returns how many were done. */
  forget(block: string, keys: Iterable<string>): number;
  outputPath(block: string): string;
  itemDir(block: string, key: string): string;
  logPath(block: string, key: string): string;
  /** Closes the database and releases the writer lock. */
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

  record(block: string, key: string, outcome: ItemOutcome): void {
    if (this.db.get(block, key)?.status === 'done') {
      throw new LegoError(
        'internal',
        `item ${key} of block ${block} is already done; forget it before recomputing`,
      );
    }
    const row = this.db.write(toRow(block, key, outcome));
    if (row.output !== null) appendOutputLine(this.outputPath(block), row.output);
  }

  forget(block: string, keys: Iterable<string>): number {
    const removedDone = this.db.remove(block, keys);
    if (removedDone > 0) rewriteOutput(this.outputPath(block), this.doneLines(block));
    return removedDone;
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
    this.db.close();
    this.release();
  }

  private *doneLines(block: string): Iterable<string> {
    for (const { output } of this.db.doneOutputs(block)) yield output;
  }
}

function toRow(block: string, key: string, outcome: ItemOutcome): NewItemRow {
  const base = { block, key, config_hash: outcome.configHash, attempts: outcome.attempts };
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
