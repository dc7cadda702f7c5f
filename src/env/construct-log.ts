import { readFile } from 'node:fs/promises';

const TAIL_LINES = 40;
/** Most telling first: a Python exception, a tool's `ERROR:` line, then anything that reads like an error. */
const ERROR_LINES = [
  /^(E\s+)?[\w.]+(Error|Exception):\s/,
  /^(error|ERROR|fatal):\s/,
  /\b(error|Error|ERROR|FAILED|fatal|No matching distribution|not found|timed out)\b/,
];

/** The last `lines` lines of a log. */
export function tail(log: string, lines = TAIL_LINES): string {
  return log.trimEnd().split('\n').slice(-lines).join('\n');
}

/** The first line that reads like an error (shell traces skipped), else the last line. */
export function firstErrorLine(log: string): string {
  const lines = log
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('+ '));
  const found = ERROR_LINES.map((pattern) => lines.find((line) => pattern.test(line))).find(Boolean);
  return (found ?? lines.at(-1) ?? '(empty log)').slice(0, 300);
}

/**
 * The log of the build an `env_build_failed` message names (`(full log: PATH)`): the section after its
 * last `== building` header, since build logs are appended to; the message itself when it names none.
 */
export async function failureLog(message: string): Promise<string> {
  const path = /\(full log: (.+)\)\s*$/.exec(message)?.[1];
  const text = path === undefined ? '' : await readFile(path, 'utf8').catch(() => '');
  if (text === '') return message;
  const start = text.lastIndexOf('\n== building');
  return start < 0 ? text : text.slice(start + 1);
}

const HINTS: readonly [RegExp, string][] = [
  [
    /Connection refused|Failed to establish a new connection|Temporary failure in name resolution|Network is unreachable|Could not fetch URL|ENOTFOUND|EAI_AGAIN/,
    'the package index could not be reached: is the network off, or the index URL wrong (pip config, --pip index)?',
  ],
  [
    /from versions: none|No matching distribution found|ETARGET|No matching version found/,
    'the package index has no matching version: add the package to the index, or relax or drop the requirement in an --env spec',
  ],
  [
    /\btimed out\b|exit 124\b/,
    'the attempt ran past its time limit (--build-timeout for installs, --timeout for tests)',
  ],
];

/** What an unrepaired failure most likely needs from a person, when its log says so. */
export function failureHint(log: string): string | undefined {
  return HINTS.find(([pattern]) => pattern.test(log))?.[1];
}
