import {
  appendFileSync,
  closeSync,
  existsSync,
  fsyncSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  truncateSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';

/** What reconciling a block's JSONL with its done rows changed. */
export interface ReconcileResult {
  droppedPartialLine: boolean;
  appended: number;
  rewritten: boolean;
}

const tempSuffix = /\.tmp-\d+$/;

/** Appends one output line (the caller has already committed its row). */
export function appendOutputLine(path: string, line: string): void {
  appendFileSync(path, `${line}\n`);
}

/**
 * Makes the JSONL at `path` hold exactly `doneLines()` in order: drops a partial trailing line, appends the
 * lines it lacks when its complete lines are a prefix of them, and rewrites it atomically otherwise.
 */
export function reconcileOutput(path: string, doneLines: () => Iterable<string>): ReconcileResult {
  const { lines, droppedPartialLine } = readCompleteLines(path);
  const missing: string[] = [];
  let index = 0;
  let matches = true;
  for (const line of doneLines()) {
    if (index < lines.length) matches &&= lines[index] === line;
    else missing.push(line);
    index++;
  }
  if (!matches || lines.length > index) {
    rewriteOutput(path, doneLines());
    return { droppedPartialLine, appended: 0, rewritten: true };
  }
  if (missing.length > 0) appendFileSync(path, missing.map((line) => `${line}\n`).join(''));
  return { droppedPartialLine, appended: missing.length, rewritten: false };
}

/** Replaces the JSONL at `path` with `lines` through a synced temp file and a rename. */
export function rewriteOutput(path: string, lines: Iterable<string>): void {
  const temp = `${path}.tmp-${process.pid}`;
  const fd = openSync(temp, 'w');
  try {
    for (const line of lines) writeSync(fd, `${line}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, path);
}

/** Removes temp files a killed rewrite left behind. */
export function removeStaleTemps(dir: string): void {
  for (const name of readdirSync(dir)) {
    if (tempSuffix.test(name)) rmSync(join(dir, name), { force: true });
  }
}

function readCompleteLines(path: string): { lines: string[]; droppedPartialLine: boolean } {
  if (!existsSync(path)) return { lines: [], droppedPartialLine: false };
  const bytes = readFileSync(path);
  const completeLength = bytes.lastIndexOf(0x0a) + 1;
  const droppedPartialLine = completeLength < bytes.length;
  if (droppedPartialLine) truncateSync(path, completeLength);
  const text = bytes.subarray(0, completeLength).toString('utf8');
  return { lines: text === '' ? [] : text.slice(0, -1).split('\n'), droppedPartialLine };
}
