import { APIConnectionError, APIError, APIUserAbortError } from 'openai';

/** Why a model call failed, as a trajectory records it. */
export type ModelFailureKind =
  | 'unreachable'
  | 'rate_limited'
  | 'server_error'
  | 'context_overflow'
  | 'empty_response'
  | 'stream_cut'
  | 'bad_request'
  | 'aborted';

/** A failed model call: what kind of failure, whether retrying may help, and the HTTP status if any. */
export class ModelError extends Error {
  constructor(
    readonly kind: ModelFailureKind,
    message: string,
    readonly retryable: boolean,
    readonly status?: number,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'ModelError';
  }
}

const overflowPattern =
  /context[_ ]length|maximum context|context window|too many tokens|prompt is too long|input is too long/i;

function retryAfterMs(headers: Headers | undefined): number | undefined {
  const value = headers?.get('retry-after');
  if (value === undefined || value === null) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

function fromStatus(err: APIError): ModelError {
  const status = err.status ?? 0;
  const message = `HTTP ${status}: ${err.message}`;
  const overflow = err.code === 'context_length_exceeded' || overflowPattern.test(err.message);
  if ((status === 400 || status === 413 || status === 422) && overflow)
    return new ModelError('context_overflow', message, false, status);
  if (status === 429) return new ModelError('rate_limited', message, true, status, retryAfterMs(err.headers));
  if (status === 408 || status === 409 || status >= 500)
    return new ModelError('server_error', message, true, status, retryAfterMs(err.headers));
  return new ModelError('bad_request', message, false, status);
}

/**
 * Sorts anything a model call threw into a ModelError: connection failures and time-outs, 408, 409, 429
 * and 5xx are retryable; a 400 that names the context length is a context overflow; other 4xx are not.
 */
export function classifyModelError(err: unknown): ModelError {
  if (err instanceof ModelError) return err;
  if (err instanceof APIUserAbortError) return new ModelError('aborted', 'the request was aborted', false);
  if (err instanceof APIConnectionError)
    return new ModelError('unreachable', `cannot reach the model endpoint: ${err.message}`, true);
  if (err instanceof APIError && err.status !== undefined) return fromStatus(err);
  if (err instanceof APIError) return new ModelError('stream_cut', `the stream failed: ${err.message}`, true);
  const message = err instanceof Error ? err.message : String(err);
  if (err instanceof Error && err.name === 'AbortError') return new ModelError('aborted', message, false);
  return new ModelError('stream_cut', `the reply broke off: ${message}`, true);
}
