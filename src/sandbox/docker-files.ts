import { posix } from 'node:path';
import type Docker from 'dockerode';
import { notAFile } from './defaults.js';
import { statusOf } from './docker-daemon.js';
import { firstTarEntry } from './tar.js';
import { tarOneFile } from './tar.js';

const maxSymlinkHops = 16;

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks);
}

/** Permission bits of an existing file (so rewriting keeps e.g. +x), or undefined when absent. */
async function existingMode(container: Docker.Container, path: string): Promise<number | undefined> {
  try {
    const response = (await container.infoArchive({ path })) as { headers?: Record<string, string> };
    const stat = response.headers?.['x-docker-container-path-stat'];
    if (stat === undefined) return undefined;
    const { mode } = JSON.parse(Buffer.from(stat, 'base64').toString('utf8')) as { mode: number };
    return mode & 0o777;
  } catch (err) {
    if (statusOf(err) === 404) return undefined;
    throw err;
  }
}

/** Writes a file at an absolute container path, creating missing parent directories. */
export async function putFile(container: Docker.Container, path: string, content: Uint8Array): Promise<void> {
  const mode = (await existingMode(container, path)) ?? 0o644;
  await container.putArchive(tarOneFile(path.replace(/^\/+/, ''), content, mode), { path: '/' });
}

/** Reads a regular file at an absolute container path, following symlinks. */
export async function getFile(container: Docker.Container, path: string, shown = path): Promise<Uint8Array> {
  let current = path;
  for (let hop = 0; hop <= maxSymlinkHops; hop += 1) {
    const archive = await container.getArchive({ path: current }).then(readAll, (err: unknown) => {
      if (statusOf(err) === 404) throw notAFile(shown, 'no such file');
      throw err;
    });
    const entry = firstTarEntry(archive);
    if (entry?.type === '2') {
      current = posix.resolve(posix.dirname(current), entry.linkName);
      continue;
    }
    if (entry?.type !== '0' && entry?.type !== '7') throw notAFile(shown, 'not a regular file');
    return new Uint8Array(entry.data);
  }
  throw notAFile(shown, 'too many levels of symbolic links');
}
