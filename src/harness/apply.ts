import type { Sandbox } from '../sandbox/sandbox.js';
import { touchedPaths } from './diff-paths.js';
import { sandboxTempDir, shellQuote } from './shell.js';
import { snapshotPaths } from './worktree-snapshot.js';

/** The ways a patch is applied, in the order SWE-bench tries them. */
export const applyMethods = [
  'git apply --verbose --binary',
  'git apply --verbose --binary --reject',
  'patch --batch --fuzz=5 -p1 -i',
] as const;
export type ApplyMethod = (typeof applyMethods)[number];

/** How applying a patch went: which method worked (null if none) and every try's output. */
export interface ApplyResult {
  applied: boolean;
  method: ApplyMethod | null;
  log: string;
}

/** Files touched by a diff, new and deleted ones included (the files to reset before a test patch). */
export function testFilesOf(testPatch: string): string[] {
  return touchedPaths(testPatch);
}

/** Every path a try may write: the patch's files and the `.rej` / `.orig` files tools leave beside them. */
function pathsAtRisk(patch: string): string[] {
  return touchedPaths(patch).flatMap((path) => [path, `${path}.rej`, `${path}.orig`]);
}

function tryLog(method: string, output: string, exitCode: number | null): string {
  const body = output === '' || output.endsWith('\n') ? output : `${output}\n`;
  return `>>> ${method}\n${body}<<< exit ${exitCode ?? 'killed'}\n`;
}

/**
 * Applies `patch` in the sandbox's workdir, trying `git apply`, then `git apply --reject`, then
 * `patch --fuzz=5`; success means exit 0. The patch is written to `$TMPDIR/lf-<name>.diff`. Before each
 * retry, and after the last failure, the files the patch names (and `.rej`/`.orig` files beside them)
 * are restored exactly to their state before the first try, so a half-applied try never leaks.
 */
export async function applyPatch(
  sandbox: Sandbox,
  patch: string,
  name: string,
  options: { timeoutMs?: number } = {},
): Promise<ApplyResult> {
  const scratch = `${await sandboxTempDir(sandbox)}/lf-${name.replace(/[^\w.-]/g, '_')}`;
  await sandbox.writeFile(`${scratch}.diff`, patch.endsWith('\n') ? patch : `${patch}\n`);
  const snapshot = await snapshotPaths(sandbox, pathsAtRisk(patch), scratch);
  let log = '';
  for (const method of applyMethods) {
    const result = await sandbox.exec(`${method} ${shellQuote(`${scratch}.diff`)}`, {
      timeoutMs: options.timeoutMs ?? 5 * 60_000,
    });
    log += tryLog(method, result.output, result.exitCode);
    if (result.exitCode === 0) return { applied: true, method, log };
    await snapshot.restore();
  }
  return { applied: false, method: null, log };
}

/** The first error lines of a failed apply's log, for a one-line message. */
export function applyErrorLines(log: string, count = 3): string[] {
  const lines = log.split('\n').filter((line) => line.trim() !== '' && !/^(>>>|<<<) /.test(line));
  const errors = lines.filter((line) =>
    /error|fatal|corrupt|fail|reject|malformed|can't|not apply|garbage/i.test(line),
  );
  return (errors.length > 0 ? errors : lines).slice(0, count).map((line) => line.trim());
}
