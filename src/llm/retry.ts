import { setTimeout as sleep } from 'node:timers/promises';
import { classifyModelError, ModelError } from './errors.js';

/** How model calls are retried: exponential backoff from `baseDelayMs`, capped at `maxDelayMs`. */
export interface RetryPolicy {
  /** Extra attempts after the first; default 5. */
  retries: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const defaultRetryPolicy: RetryPolicy = { retries: 5, baseDelayMs: 1000, maxDelayMs: 30_000 };

/** The delay before retry number `retry` (0-based): the server's Retry-After when given, else backoff with jitter. */
export function retryDelayMs(policy: RetryPolicy, retry: number, error: ModelError): number {
  if (error.retryAfterMs !== undefined) return Math.min(error.retryAfterMs, policy.maxDelayMs);
  const backoff = Math.min(policy.baseDelayMs * 2 ** retry, policy.maxDelayMs);
  return backoff / 2 + (Math.random() * backoff) / 2;
}

/** The result of a retried call and how many attempts it took. */
export interface Retried<T> {
  value: T;
  attempts: number;
}

/**
 * Runs `call` until it succeeds, fails with a non-retryable error, or uses up the retries; every failure
 * is classified into a ModelError, which carries the attempt count on `attempts` when rethrown.
 */
export async function withRetries<T>(
  call: () => Promise<T>,
  policy: RetryPolicy,
  signal: AbortSignal | undefined,
  onRetry: (error: ModelError, delayMs: number) => void = () => {},
): Promise<Retried<T>> {
  for (let attempt = 1; ; attempt++) {
    try {
      return { value: await call(), attempts: attempt };
    } catch (err) {
      const error = classifyModelError(err);
      if (signal?.aborted)
        throw Object.assign(new ModelError('aborted', error.message, false), { attempts: attempt });
      if (!error.retryable || attempt > policy.retries) throw Object.assign(error, { attempts: attempt });
      const delay = retryDelayMs(policy, attempt - 1, error);
      onRetry(error, delay);
      try {
        await sleep(delay, undefined, signal ? { signal } : {});
      } catch {
        throw Object.assign(new ModelError('aborted', 'aborted while waiting to retry', false), {
          attempts: attempt,
        });
      }
    }
  }
}

/** The number of attempts a rethrown ModelError took (1 when it never went through withRetries). */
export function attemptsOf(error: unknown): number {
  const attempts = (error as { attempts?: unknown } | null)?.attempts;
  return typeof attempts === 'number' ? attempts : 1;
}
