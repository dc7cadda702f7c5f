import { shellQuote } from '../../harness/shell.js';
import type { Sandbox } from '../../sandbox/sandbox.js';
import type { ShellSession } from './shell-session.js';

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
  const result = await shell.helperExec(script, { maxOutputBytes: maxEditorFileBytes * 2 });
  const [head = '', body = ''] = result.output.split('\n');
  const [kind, size] = head.split(' ');
  if (kind === 'file') return decode(Buffer.from(body, 'base64'));
  if (kind === 'too_large') return { kind: 'too_large', bytes: Number(size) };
  if (kind === 'directory' || kind === 'other') return { kind };
  return { kind: 'missing' };
}

/** Lists a directory's non-hidden entries two levels deep, sorted. */
export async function listDirectory(shell: ShellSession, path: string): Promise<string> {
  const result = await shell.helperExec(
    `find ${shellQuote(path)} -maxdepth 2 -not -path '*/.*' 2>/dev/null | LC_ALL=C sort`,
  );
  return result.output.replace(/\n$/, '');
}

/** Writes a text file, creating parent directories. */
export function writeText(sandbox: Sandbox, path: string, text: string): Promise<void> {
  return sandbox.writeFile(path, text);
}

/** Deletes a file (undoing the creation of a new one). */
export async function removeFile(shell: ShellSession, path: string): Promise<void> {
  await shell.helperExec(`rm -f -- ${shellQuote(path)}`);
}
