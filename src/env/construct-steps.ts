import type { ErrorCode } from '../errors.js';
import type { EnvSpec } from '../schema/env.js';
import type { BuiltEnvironment } from './environment.js';

/** How a check ended: passed or not, one line saying why, and the test output rules read. */
export interface CheckOutcome {
  passed: boolean;
  message: string;
  log: string;
  /** The error code if this failure ends the loop; default `env_build_failed`. */
  code?: ErrorCode;
}

/** The steps the loop drives; each throws a `LegoError` when it cannot run at all. */
export interface EnvSteps {
  /** Builds (or reuses) a spec's environment; a failed install throws `env_build_failed`. */
  build(spec: EnvSpec): Promise<BuiltEnvironment>;
  /** Runs the tests in a built environment. */
  check(built: BuiltEnvironment): Promise<CheckOutcome>;
}
