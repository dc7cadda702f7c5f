import type { EnvSpec } from '../../schema/env.js';

/** A detected spec and what detection has to say about it (where the test command came from, runtimes). */
export interface Detection {
  spec: EnvSpec;
  /** One line each, for the env ledger: `test command: …`, `package manager: …`, `runtime: …`. */
  notes: string[];
}
