import type { Sandbox } from '../sandbox/sandbox.js';

/**
 * A directory for the harness's own files (patches, snapshots) inside the checkout's `.git`: writable in
 * every provider and never part of a diff. Test code can write here too, so no test result is read from
 * it: the runner's report goes to the judge dir outside the checkout (see judge-dir.ts).
 */
export function scratchDir(sandbox: Sandbox): string {
  return `${sandbox.workdir.replace(/\/+$/, '')}/.git/lf-harness`;
}
