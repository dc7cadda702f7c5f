import type { Sandbox } from '../sandbox/sandbox.js';

/** Quotes `text` as one bash word. */
export function shellQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

/**
 * The sandbox's own temp directory as its commands see it (`$TMPDIR`, else /tmp), so scratch files of
 * sandboxes that share a host never collide.
 */
export async function sandboxTempDir(sandbox: Sandbox): Promise<string> {
  const result = await sandbox.exec('printf "%s" "${TMPDIR:-/tmp}"', { timeoutMs: 30_000 });
  const dir = result.output.trim();
  return result.exitCode === 0 && dir.startsWith('/') ? dir.replace(/\/+$/, '') || '/' : '/tmp';
}
