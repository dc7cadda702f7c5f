import { shellQuote } from '../../harness/shell.js';
import { exportLines, type SavedState } from './shell-restore.js';

/** Words that mark an environment variable as secret wherever they occur in its name, in any case. */
const secretWords = ['KEY', 'TOKEN', 'SECRET', 'PASSW', 'CREDENTIAL', 'AUTH', 'COOKIE'];

/** The variables among `names` that never reach the agent's shell: secret-looking ones and `extra`. */
export function secretNames(names: string[], extra: string[]): string[] {
  const named = new Set(extra);
  return names.filter(
    (name) => named.has(name) || secretWords.some((word) => name.toUpperCase().includes(word)),
  );
}

/** What the init script tells about a new session. */
export interface InitReport {
  dir: string;
  /** Every variable the shell's environment exports. */
  execEnvNames: string[];
  /** That environment's `export -p` lines. */
  base: string[];
  saved: SavedState;
}

/**
 * Creates the session directory with its FIFO, the initial state and the first output file; prints the
 * directory, the names of the environment's variables, its `export -p`, and the initial state
 * (`export -p` and the `cd`), each of the last three NUL-ended.
 */
export function initScript(workdir: string, token: string): string {
  return [
    'set -e',
    `d="\${TMPDIR:-/tmp}/lf-shell-${token}"`,
    'mkdir -p "$d"; chmod 700 "$d"; rm -f "$d/fifo"; mkfifo "$d/fifo"',
    ': > "$d/exit"; : > "$d/pids"; : > "$d/out.1"',
    `printf '%s\\n' "$d"; compgen -e | tr '\\n' ' '; echo`,
    `export -p; printf '\\0'`,
    'export PAGER=cat GIT_PAGER=cat PIP_NO_INPUT=1 DEBIAN_FRONTEND=noninteractive',
    `{ export -p; printf '\\0'; printf 'cd -- %q\\n\\0' ${shellQuote(workdir)}; } > "$d/state.sh"`,
    `{ IFS= read -r -d '' v; IFS= read -r -d '' c; } < "$d/state.sh"; printf '%s\\0%s\\0' "$v" "$c"`,
  ].join('\n');
}

/** Reads the init script's output; null when it is not all there. */
export function parseInit(output: string): InitReport | null {
  const [dir = '', names = '', ...rest] = output.split('\n');
  const [base, vars, code, end] = rest.join('\n').split('\0');
  if (dir === '' || base === undefined || vars === undefined || code === undefined || end !== '') return null;
  const execEnvNames = names.split(' ').filter((name) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(name));
  return { dir, execEnvNames, base: exportLines(base), saved: { vars: exportLines(vars), code } };
}
