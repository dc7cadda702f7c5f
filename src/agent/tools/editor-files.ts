import { LegoError } from '../../errors.js';
import { shellQuote } from '../../harness/shell.js';
import type { ExecResult, Sandbox } from '../../sandbox/sandbox.js';
import type { ShellSession } from './shell-session.js';

/** An editor mistake or a path the editor cannot handle; its message becomes the `ERROR:` reply. */
export class EditorError extends Error {}

/**
 * Runs a helper script and checks how it ended. A helper that could not run at all (timed out, killed, a
 * command missing) is a sandbox failure; one that failed on the agent's path is an EditorError quoting it.
 */
async function helper(
  shell: ShellSession,
  script: string,
  what: string,
  options: { maxOutputBytes?: number } = {},
): Promise<ExecResult> {
  const result = await shell.helperExec(script, options);
  if (result.exitCode === 0) return result;
  const tail = result.output.trim().split('\n').slice(-3).join('\n');
  if (result.timedOut || result.exitCode === null || result.exitCode >= 126)
    throw new LegoError(
      'sandbox_failed',
      `the editor's helper failed to ${what} (exit ${result.exitCode}${result.timedOut ? ', timed out' : ''}): ${tail}`,
    );
  throw new EditorError(`Could not ${what} (exit code ${result.exitCode}): ${tail}`);
}

/** The biggest file the editor reads. */
export const maxEditorFileBytes = 4 * 1024 * 1024;

/** What a path is, with the text of a readable file. */
export type PathInfo =
  | { kind: 'missing' | 'directory' | 'other' }
  | { kind: 'file'; text: string }
  | { kind: 'binary' | 'too_large'; bytes: number };

const decoder = new TextDecoder('utf-8', { fatal: true });

function decode(bytes: Buffer): PathInfo {
  if (bytes.includes(0)) return { kind: 'binary', bytes: bytes.length };
  try {
    return { kind: 'file', text: decoder.decode(bytes) };
  } catch {
    return { kind: 'binary', bytes: bytes.length };
  }
}

/**
 * Reads a path inside the sandbox, through the shell's scrubbed helper exec, so the editor sees exactly
 * what commands see (a local sandbox's mounts included) and can read no more than they can.
 */
export async function inspectPath(shell: ShellSession, path: string): Promise<PathInfo> {
  const p = shellQuote(path);
  const script = [
    `if [ -d ${p} ]; then echo directory`,
    `elif [ -f ${p} ]; then s=$(stat -L -c %s -- ${p}); if [ "$s" -gt ${maxEditorFileBytes} ]; then echo "too_large $s"; else echo file; base64 -w0 -- ${p}; fi`,
    `elif [ -e ${p} ]; then echo other; else echo missing; fi`,
  ].join('\n');
  const result = await helper(shell, script, `read ${path}`, { maxOutputBytes: maxEditorFileBytes * 2 });
  const [head = '', body = ''] = result.output.split('\n');
  const [kind, size] = head.split(' ');
  if (kind === 'file') return decode(Buffer.from(body, 'base64'));
  if (kind === 'too_large') return { kind: 'too_large', bytes: Number(size) };
  if (kind === 'directory' || kind === 'other' || kind === 'missing') return { kind };
  throw new LegoError('sandbox_failed', `the editor's helper answered ${JSON.stringify(head)} for ${path}`);
}

/** Lists a directory's non-hidden entries two levels deep, sorted. */
export async function listDirectory(shell: ShellSession, path: string): Promise<string> {
  const result = await helper(
    shell,
    `find ${shellQuote(path)} -maxdepth 2 -not -path '*/.*' 2>/dev/null | LC_ALL=C sort`,
    `list ${path}`,
  );
  return result.output.replace(/\n$/, '');
}

/** Writes a text file, creating parent directories; a path the sandbox refuses is an EditorError. */
export async function writeText(sandbox: Sandbox, path: string, text: string): Promise<void> {
  try {
    await sandbox.writeFile(path, text);
  } catch (err) {
    if (err instanceof LegoError && err.code === 'bad_input') throw new EditorError(err.message);
    const code = (err as NodeJS.ErrnoException | undefined)?.code;
    if (typeof code === 'string' && /^E[A-Z]+$/.test(code))
      throw new EditorError(`Could not write ${path}: ${code}.`);
    throw err;
  }
}

/** Deletes a file (undoing the creation of a new one). */
export async function removeFile(shell: ShellSession, path: string): Promise<void> {
  await helper(shell, `rm -f -- ${shellQuote(path)}`, `remove ${path}`);
}
