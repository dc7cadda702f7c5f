import { LegoError } from '../errors.js';
import type { ExecOptions, ExecResult } from './sandbox.js';

type Exec = (command: string, options?: ExecOptions) => Promise<ExecResult>;

const git = "git -c core.quotepath=off -c safe.directory='*'";
const maxDiffBytes = 256 * 1024 * 1024;
const diffTimeoutMs = 10 * 60 * 1000;

/** The commit the workdir is checked out at, or null when it is no git checkout with a commit. */
export async function readBaseCommit(exec: Exec): Promise<string | null> {
  const result = await exec(`${git} rev-parse --verify -q 'HEAD^{commit}'`, { timeoutMs: 60_000 });
  const sha = result.output.trim();
  return result.exitCode === 0 && /^[0-9a-f]{40,64}$/.test(sha) ? sha : null;
}

/**
 * The script behind `diff()`: stages the working tree (new untracked files included, ignored files not)
 * into a temporary index copied from the real one, then prints a binary-safe diff against `base`.
 * The repository's own index is never touched; on failure the script prints git's errors.
 */
export function diffScript(base: string): string {
  return [
    'set -e',
    'idx=$(mktemp)',
    `trap 'status=$?; [ $status -eq 0 ] || cat "$idx.err"; rm -f "$idx" "$idx.err" "$idx.lock"; exit $status' EXIT`,
    'exec 2>"$idx.err"',
    `real=$(${git} rev-parse --git-path index)`,
    'if [ -f "$real" ]; then cp "$real" "$idx"; else rm -f "$idx"; fi',
    'export GIT_INDEX_FILE="$idx"',
    `${git} add -A`,
    `${git} diff --cached --binary --no-color --no-ext-diff --no-textconv --no-renames --no-relative ` +
      `--src-prefix=a/ --dst-prefix=b/ ${base} --`,
  ].join('\n');
}

/** Runs the diff script through a sandbox's own `exec`, so every provider shares one implementation. */
export async function diffAgainst(exec: Exec, base: string | null): Promise<string> {
  if (base === null) {
    throw new LegoError('sandbox_failed', 'diff() needs a git checkout with a commit as the sandbox workdir');
  }
  const result = await exec(diffScript(base), { timeoutMs: diffTimeoutMs, maxOutputBytes: maxDiffBytes });
  if (result.timedOut || result.exitCode !== 0) {
    const why = result.timedOut ? 'timed out' : `exited with ${result.exitCode}`;
    throw new LegoError('sandbox_failed', `git diff in the sandbox ${why}: ${result.output.slice(-2000)}`);
  }
  if (result.truncatedBytes > 0) {
    throw new LegoError(
      'sandbox_failed',
      `the diff is larger than ${maxDiffBytes} bytes; refusing to cut it`,
    );
  }
  return result.output;
}
