import { fileChanges } from '../../../harness/diff-paths.js';
import { streamRecords } from './git-stream.js';

/** One file's section of a change's diff, with its added and deleted line counts. */
export interface FileDiff {
  path: string;
  text: string;
  added: number;
  deleted: number;
  binary: boolean;
}

const RECORD = '\x1e';

/** Lines added and deleted in a section's hunks (the `---`/`+++` header comes before the first hunk). */
function lineCounts(text: string): { added: number; deleted: number } {
  const hunks = text.indexOf('\n@@');
  let added = 0;
  let deleted = 0;
  if (hunks < 0) return { added, deleted };
  for (const line of text.slice(hunks + 1).split('\n')) {
    if (line.startsWith('+')) added += 1;
    else if (line.startsWith('-')) deleted += 1;
  }
  return { added, deleted };
}

/** Splits a git diff into per-file sections at its `diff --git` lines. */
export function splitDiff(diff: string): FileDiff[] {
  const starts = [...diff.matchAll(/^diff --git /gm)].map((match) => match.index);
  return starts.map((start, i) => {
    const text = diff.slice(start, starts[i + 1] ?? diff.length);
    const [change] = fileChanges(text);
    const binary = /^(GIT binary patch|Binary files .* differ)$/m.test(text);
    return { path: change?.newPath ?? change?.oldPath ?? '', text, binary, ...lineCounts(text) };
  });
}

/** Reads the diffs of the commits it is given while more are still coming. */
export interface DiffReader {
  /** Queues the diff of `sha` against `parent` (a merge's first parent). */
  add(sha: string, parent: string): void;
  /** Every queued commit's file sections, by sha. */
  done(): Promise<Map<string, FileDiff[]>>;
}

/**
 * Starts one `git diff-tree --stdin`, which prints binary-safe diffs as it reads `commit parent` lines,
 * so diffs are read while the history scan still runs.
 */
export function startDiffReader(gitDir: string): DiffReader {
  const diffs = new Map<string, FileDiff[]>();
  const args = [
    'diff-tree',
    '--stdin',
    '--no-renames',
    '--no-ext-diff',
    '--no-textconv',
    '--no-color',
    '--binary',
    '--patch',
    `--format=${RECORD}%H`,
  ];
  const stream = streamRecords(gitDir, args, RECORD, (record) => {
    const newline = record.indexOf('\n');
    diffs.set(record.slice(0, newline), splitDiff(record.slice(newline + 1)));
  });
  return {
    add: (sha, parent) => stream.write(`${sha} ${parent}`),
    done: () => stream.end().then(() => diffs),
  };
}

/** Joins file sections back into one diff (empty when there are none). */
export function joinDiff(files: FileDiff[]): string {
  return files.map((file) => (file.text.endsWith('\n') ? file.text : `${file.text}\n`)).join('');
}
