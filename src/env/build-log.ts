import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { LegoError } from '../errors.js';

const TAIL_LINES = 40;

/** Where the build log of an environment goes: `cacheDir/logs/env-<specId>-<where>.log`. */
export function buildLogPath(cacheDir: string, specId: string, where: string): string {
  return join(resolve(cacheDir), 'logs', `env-${specId}-${where}.log`);
}

/** Opens a build log for appending and writes a header line. */
export async function openBuildLog(path: string, header: string): Promise<WriteStream> {
  await mkdir(dirname(path), { recursive: true });
  const log = createWriteStream(path, { flags: 'a' });
  log.write(`== ${header} (${new Date().toISOString()})\n`);
  return log;
}

/** Flushes and closes a log stream. */
export function closeBuildLog(log: WriteStream): Promise<void> {
  return new Promise((resolve) => log.end(resolve));
}

/** The last lines of a log file. */
export async function logTail(path: string, lines = TAIL_LINES): Promise<string> {
  const text = await readFile(path, 'utf8').catch(() => '');
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

/** An `env_build_failed` error carrying the log's tail and path. */
export async function buildFailed(what: string, logPath: string, cause?: unknown): Promise<LegoError> {
  return new LegoError(
    'env_build_failed',
    `${what}; last lines of ${logPath}:\n${await logTail(logPath)}\n(full log: ${logPath})`,
    { cause },
  );
}
