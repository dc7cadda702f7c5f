/** Stable error codes recorded on failed items and reports. */
export type ErrorCode =
  | 'bad_input'
  | 'unknown_instance'
  | 'repo_unavailable'
  | 'env_detect_failed'
  | 'env_build_failed'
  | 'sandbox_unavailable'
  | 'sandbox_failed'
  | 'patch_failed'
  | 'timeout'
  | 'test_run_invalid'
  /** The environment built and the suite ran, but not one test passed at the original commit. */
  | 'no_passing_tests'
  /** A run directory holds results computed under another config, and --redo was not given. */
  | 'config_changed'
  | 'interrupted'
  | 'internal';

/** An error with a code and a retryable flag; the runner records it on the item and moves on. */
export class LegoError extends Error {
  readonly code: ErrorCode;
  readonly retryable: boolean;

  constructor(code: ErrorCode, message: string, options: { retryable?: boolean; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'LegoError';
    this.code = code;
    this.retryable = options.retryable ?? false;
  }
}

/** Normalizes anything thrown into a LegoError (unknown errors become non-retryable `internal`). */
export function toLegoError(err: unknown): LegoError {
  if (err instanceof LegoError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new LegoError('internal', message, { cause: err });
}
