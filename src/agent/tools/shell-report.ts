import { exportLines, type SavedState } from './shell-restore.js';

/** What the sandbox side of the shell reports about one job. */
export interface Report {
  state: 'done' | 'running' | 'gone';
  size: number | null;
  exitCode: number | null;
  cwd: string;
  python: string | null;
  /** The state the job saved: undefined when none came, null when too large to report. */
  saved?: SavedState | null;
  output: string;
}

/** Splits off `count` lines from the start of `text`; null when it has fewer. */
function headLines(text: string, count: number): { lines: string[]; rest: string } | null {
  const lines: string[] = [];
  let start = 0;
  for (let i = 0; i < count; i += 1) {
    const end = text.indexOf('\n', start);
    if (end === -1) return null;
    lines.push(text.slice(start, end));
    start = end + 1;
  }
  return { lines, rest: text.slice(start) };
}

/** Reads the saved state (`VARS\0CODE\0`) from the start of `text`; null when it is not all there. */
function savedState(text: string): { saved: SavedState; rest: string } | null {
  const varsEnd = text.indexOf('\0');
  const codeEnd = text.indexOf('\0', varsEnd + 1);
  if (varsEnd === -1 || codeEnd === -1) return null;
  const saved = { vars: exportLines(text.slice(0, varsEnd)), code: text.slice(varsEnd + 1, codeEnd) };
  return { saved, rest: text.slice(codeEnd + 1) };
}

/**
 * Parses a report: `STATE SIZE\nEXIT\nCWD\nPYTHON\nKIND\n`, then for KIND `=` the saved state (`VARS\0CODE\0`),
 * then the output. KIND `?` says the state was too large to report, `.` that none was saved.
 */
export function parseReport(text: string): Report | null {
  const head = headLines(text, 5);
  const status = /^(done|running|gone) (-|\d+)$/.exec(head?.lines[0] ?? '');
  if (!head || !status) return null;
  const [, exitLine = '', cwd = '', python = '', kind = ''] = head.lines;
  const state = kind === '=' ? savedState(head.rest) : null;
  if (!['=', '?', '.'].includes(kind) || (kind === '=' && !state)) return null;
  const exit = Number.parseInt(exitLine, 10);
  return {
    state: status[1] as Report['state'],
    size: status[2] === '-' ? null : Number(status[2]),
    exitCode: Number.isNaN(exit) ? null : exit,
    cwd,
    python: python || null,
    ...(kind === '.' ? {} : { saved: state?.saved ?? null }),
    output: state?.rest ?? head.rest,
  };
}
