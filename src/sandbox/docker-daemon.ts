import type Docker from 'dockerode';
import { LegoError } from '../errors.js';

const pingTimeoutMs = 10_000;

/** The error for a Docker daemon that does not answer, saying how to get one. */
export function daemonUnavailable(cause: unknown): LegoError {
  const detail = cause instanceof Error ? cause.message : String(cause);
  return new LegoError(
    'sandbox_unavailable',
    `cannot reach the Docker daemon (${detail}). Start one with \`sudo dockerd\` or ` +
      '`sudo systemctl start docker`, or set DOCKER_HOST to a running daemon; or use `--sandbox local`.',
    { cause },
  );
}

/** Resolves when the daemon answers a ping; otherwise throws `sandbox_unavailable`. */
export async function ensureDaemon(docker: Docker, timeoutMs = pingTimeoutMs): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([docker.ping(), timeout]);
  } catch (err) {
    throw daemonUnavailable(err);
  } finally {
    clearTimeout(timer);
  }
}

/** The HTTP status of a failed Docker API call, if it has one. */
export function statusOf(err: unknown): number | undefined {
  const status = (err as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' ? status : undefined;
}
