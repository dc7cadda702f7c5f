import { streamRecords } from './git-stream.js';

/** One file a change touches, with its mode after the change (before it, when deleted; 160000: a submodule). */
export interface FileStat {
  path: string;
  mode: string;
}

/** One first-parent step of history: a plain commit, or a merge taken as one change against its first parent. */
export interface Change {
  sha: string;
  parents: string[];
  /** Committer date, ISO 8601. */
  date: string;
  message: string;
  files: FileStat[];
}

export interface HistoryRange {
  /** Walk from this revision; default HEAD. */
  rev?: string;
  maxCommits?: number;
  /** Only commits after this date (anything git's --since takes). */
  since?: string;
  /** Leave out commits reachable from these (a refresh's cursor), as `git log REV ^EXCLUDED`. */
  exclude?: string[];
}

const RECORD = '\x1e';
const FIELD = '\x1f';

/**
 * The `git log` arguments for the first-parent walk with raw entries (paths and modes, from comparing
 * trees only, so no file content is read).
 */
export function historyArgs(range: HistoryRange): string[] {
  return [
    'log',
    '--first-parent',
    '--no-renames',
    '--no-color',
    '-z',
    `--format=${RECORD}%H %P${FIELD}%cI${FIELD}%B${FIELD}`,
    '--raw',
    ...(range.maxCommits === undefined ? [] : [`--max-count=${range.maxCommits}`]),
    ...(range.since === undefined ? [] : [`--since=${range.since}`]),
    range.rev ?? 'HEAD',
    ...(range.exclude ?? []).map((rev) => `^${rev}`),
    '--',
  ];
}

/** Parses the NUL-separated raw entries of one change: `:mode mode sha sha status`, then the path. */
function parseFiles(text: string): FileStat[] {
  const tokens = text.split('\0');
  const files: FileStat[] = [];
  for (let i = 0; i < tokens.length; i += 1) {
    const token = tokens[i]!.replace(/^\n/, '');
    if (!token.startsWith(':')) continue;
    const [oldMode, newMode, , , status] = token.slice(1).split(' ');
    files.push({ path: tokens[(i += 1)] ?? '', mode: status === 'D' ? oldMode! : newMode! });
  }
  return files;
}

function parseChange(record: string): Change {
  const end = record.lastIndexOf(FIELD);
  const [ids = '', date = '', ...message] = record.slice(0, end).split(FIELD);
  const [sha = '', ...parents] = ids.trim().split(' ').filter(Boolean);
  return {
    sha,
    parents,
    date,
    message: message.join(FIELD).trim(),
    files: parseFiles(record.slice(end + 1)),
  };
}

/** Walks first-parent history of a repository, newest first, in one `git log`; `onChange` sees each change. */
export function scanHistory(gitDir: string, range: HistoryRange, onChange: (change: Change) => void) {
  return streamRecords(gitDir, historyArgs(range), RECORD, (record) => onChange(parseChange(record))).end();
}
