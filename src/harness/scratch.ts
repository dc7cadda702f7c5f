import type { Sandbox } from '../sandbox/sandbox.js';

/**
 * A directory for the harness's own files (patches, snapshots, the JUnit report) inside the checkout's
 * `.git`: private to the sandbox, writable in every provider, and never part of a diff.
 */
export function scratchDir(sandbox: Sandbox): string {
  return `${sandbox.workdir.replace(/\/+$/, '')}/.git/lf-harness`;
}
