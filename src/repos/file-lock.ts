import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { execa } from 'execa';
import { LegoError } from '../errors.js';

const LOCKED = 'locked\n';

/**
 * Runs `fn` while holding an exclusive lock on `path` (flock(1) held by a child process, so the kernel
 * releases it when this process dies). Other holders of the same path wait, across processes too.
 */
export async function withFileLock<T>(path: string, fn: () => Promise<T>, timeoutMs = 3_600_000): Promise<T> {
  await mkdir(dirname(path), { recursive: true });
  const seconds = String(Math.max(1, Math.ceil(timeoutMs / 1000)));
  const holder = execa('flock', ['-x', '-w', seconds, path, 'sh', '-c', `printf '${LOCKED}'; exec cat`], {
    stdin: 'pipe',
    buffer: false,
    reject: false,
  });
  try {
    await waitUntilLocked(holder, path);
    return await fn();
  } finally {
    holder.stdin?.end();
    await holder;
  }
}

function waitUntilLocked(holder: ReturnType<typeof execa>, path: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = '';
    holder.stdout?.on('data', (chunk: Buffer) => {
      seen += chunk.toString('utf8');
      if (seen.startsWith(LOCKED)) resolve();
    });
    void holder.then((ended) =>
      reject(
        new LegoError('internal', `could not take the lock ${path} (${ended.shortMessage ?? 'timed out'})`, {
          retryable: true,
        }),
      ),
    );
  });
}
