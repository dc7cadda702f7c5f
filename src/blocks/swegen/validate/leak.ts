import { shellQuote } from '../../../harness/shell.js';
import type { Sandbox } from '../../../sandbox/sandbox.js';

/**
 * Why a task workspace could leak the future, or null when it cannot: it must hold no ref (branch, tag,
 * stash), remote or reflog entry, no commit outside HEAD's history, and not the fixing commit.
 */
export async function leakProblem(sandbox: Sandbox, fixCommit?: string): Promise<string | null> {
  const checks = [
    ['refs', 'git for-each-ref'],
    ['remotes', 'git remote'],
    ['reflog entries', 'git reflog 2>/dev/null'],
    ['commits outside HEAD', 'git rev-list --all --not HEAD'],
    ...(fixCommit ? [['the fixing commit', `git cat-file -t ${shellQuote(fixCommit)} 2>/dev/null`]] : []),
  ];
  const script = checks.map(
    ([what, command]) => `out=$(${command}); [ -z "$out" ] || echo ${shellQuote(what!)}`,
  );
  const result = await sandbox.exec(script.join('\n'));
  const found = result.output.trim();
  if (result.exitCode !== 0) return `could not inspect the workspace for leaks: ${found}`;
  return found === '' ? null : `the workspace shows ${found.split('\n').join(', ')} beyond the base commit`;
}
