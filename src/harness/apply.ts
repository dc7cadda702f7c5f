import type { Sandbox } from '../sandbox/sandbox.js';
import { touchedPaths } from './diff-paths.js';
import { dirname } from 'node:path';
import { LegoError } from '../errors.js';
import { scratchDir } from './scratch.js';
import { shellQuote } from './shell.js';
import { snapshotScript } from './worktree-snapshot.js';

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

/**
 * One script for every try: run each method with its output bracketed by `>>> method` / `<<< exit N`,
 * stop at the first success, and put the paths at risk back before the next try. Plain `git apply`
 * checks every hunk before it writes anything, so the paths are saved only once it has failed; most
 * patches apply at the first try and never pay for the snapshot.
 */
function applyScript(patchFile: string, paths: string[], scratch: string): string {
  const snapshot = snapshotScript(paths, scratch);
  const tries = applyMethods.map(
    (method) =>
      `echo '>>> ${method}'; ${method} ${shellQuote(patchFile)} 2>&1; code=$?; echo "<<< exit $code"\n` +
      'if [ $code -eq 0 ]; then exit 0; fi',
  );
  const [atomic, ...rest] = tries;
  return [
    `mkdir -p ${shellQuote(dirname(scratch))}`,
    snapshot.functions,
    atomic,
    'lf_save || exit 90',
    ...rest.map((attempt) => `${attempt}\nlf_restore || exit 90`),
    'exit 1',
  ].join('\n');
}

/** The method whose try ended `<<< exit 0`, if any. */
function succeededMethod(log: string): ApplyMethod | null {
  const blocks = [...log.matchAll(/^>>> (.+)\n[\s\S]*?^<<< exit (\d+)$/gm)];
  const ok = blocks.find((block) => block[2] === '0');
  return ok ? (applyMethods.find((m) => m === ok[1]) ?? null) : null;
}

/** Writes `patch` to the sandbox's scratch dir; resolves to the script that applies it (see `applyPatch`). */
export async function writePatchScript(sandbox: Sandbox, patch: string, name: string): Promise<string> {
  const scratch = `${scratchDir(sandbox)}/${name.replace(/[^\w.-]/g, '_')}`;
  await sandbox.writeFile(`${scratch}.diff`, patch.endsWith('\n') ? patch : `${patch}\n`);
  return applyScript(`${scratch}.diff`, pathsAtRisk(patch), scratch);
}

/** How an apply script ended, from its exit status and output; exit 90 (no snapshot) throws. */
export function applyResultOf(exitCode: number | null, output: string): ApplyResult {
  if (exitCode === 90)
    throw new LegoError('sandbox_failed', `could not save or restore the working tree: ${output.trim()}`);
  const method = exitCode === 0 ? succeededMethod(output) : null;
  return { applied: method !== null, method, log: output };
}

/**
 * Applies `patch` in the sandbox's workdir, trying `git apply`, then `git apply --reject`, then
 * `patch --fuzz=5`; success means exit 0. Before each retry, and after the last failure, the files the
 * patch names (and `.rej`/`.orig` files beside them) are restored exactly to their state before the first
 * try, so a half-applied try never leaks. Costs two sandbox round trips: write the patch, run the tries.
 * `before` (shell lines that exit 90 when they fail, which throws) runs first in the same round trip.
 */
export async function applyPatch(
  sandbox: Sandbox,
  patch: string,
  name: string,
  options: { timeoutMs?: number; before?: string[] } = {},
): Promise<ApplyResult> {
  const script = await writePatchScript(sandbox, patch, name);
  const result = await sandbox.exec([...(options.before ?? []), script].join('\n'), {
    timeoutMs: options.timeoutMs ?? 5 * 60_000,
  });
  return applyResultOf(result.exitCode, result.output);
}

/** The first error lines of a failed apply's log, for a one-line message. */
export function applyErrorLines(log: string, count = 3): string[] {
  const lines = log.split('\n').filter((line) => line.trim() !== '' && !/^(>>>|<<<) /.test(line));
  const errors = lines.filter((line) =>
    /error|fatal|corrupt|fail|reject|malformed|can't|not apply|garbage/i.test(line),
  );
  return (errors.length > 0 ? errors : lines).slice(0, count).map((line) => line.trim());
}
