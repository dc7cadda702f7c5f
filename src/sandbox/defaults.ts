import { LegoError } from '../errors.js';
import type { SandboxLimits } from './sandbox.js';

/** Default per-exec timeout: 30 minutes. */
export const defaultTimeoutMs = 30 * 60 * 1000;

/** Default resource limits of a docker sandbox. */
export const defaultLimits: SandboxLimits = { memoryMb: 4096, pids: 1024, cpus: 2 };

/** The error every provider throws when using a sandbox after `close()`. */
export function closedError(): LegoError {
  return new LegoError('sandbox_failed', 'the sandbox is closed; create a new one');
}

/** The error every provider throws when `readFile` finds no regular file. */
export function notAFile(path: string, why: string): LegoError {
  return new LegoError('bad_input', `cannot read ${path} in the sandbox: ${why}`);
}
