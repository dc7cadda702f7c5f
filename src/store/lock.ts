import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { LegoError } from '../errors.js';
import { isProcessAlive } from '../process-alive.js';

/**
 * Takes the single-writer lock of a run directory (a file holding the writer's pid). A lock left by a
 * dead process (`kill -9`) is taken over. Returns the function that releases it.
 */
export function acquireWriterLock(path: string, runDir: string): () => void {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      writeFileSync(path, String(process.pid), { flag: 'wx' });
      return () => releaseIfOurs(path);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = readHolder(path);
      if (holder !== undefined && isProcessAlive(holder)) {
        throw new LegoError(
          'internal',
          `run directory ${runDir} is in use by process ${holder}; wait for that run to finish or stop it`,
        );
      }
      rmSync(path, { force: true });
    }
  }
  throw new LegoError('internal', `could not take the writer lock ${path}; another process keeps taking it`);
}

function readHolder(path: string): number | undefined {
  try {
    const pid = Number(readFileSync(path, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function releaseIfOurs(path: string): void {
  if (readHolder(path) === process.pid) rmSync(path, { force: true });
}
