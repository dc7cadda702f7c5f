import { lstat, mkdir, readFile, realpath, writeFile } from 'node:fs/promises';
import { dirname, join, posix, relative, sep } from 'node:path';
import { execa } from 'execa';
import { dockerWorkdir } from './docker-container.js';

/**
 * The checkout bind-mounted at /testbed, seen from the host. Reads and writes of regular files inside it
 * go straight to the host's disk, which saves two Docker API round trips each; any path that reaches
 * through a symlink, or is no regular file, answers `undefined` and goes through the container instead.
 */
export class MountedCheckout {
  constructor(private readonly hostRoot: string) {}

  /** The host path of `containerPath` when it lies inside the checkout without passing a symlink. */
  async hostPath(containerPath: string, create = false): Promise<string | undefined> {
    const rel = posix.relative(dockerWorkdir, containerPath);
    if (rel === '' || rel.startsWith('..') || posix.isAbsolute(rel)) return undefined;
    const root = await realpath(this.hostRoot);
    const host = join(root, ...rel.split('/'));
    let existing = dirname(host);
    while (!(await lstat(existing).catch(() => undefined))) existing = dirname(existing);
    if ((await realpath(existing)) !== existing || !`${existing}${sep}`.startsWith(`${root}${sep}`))
      return undefined;
    const target = await lstat(host).catch(() => undefined);
    if (target && !target.isFile()) return undefined;
    if (!target && !create) return undefined;
    if (create && existing !== dirname(host)) await mkdir(dirname(host), { recursive: true });
    return relative(root, host).startsWith('..') ? undefined : host;
  }

  async write(containerPath: string, bytes: Uint8Array): Promise<boolean> {
    const host = await this.hostPath(containerPath, true);
    if (host === undefined) return false;
    await writeFile(host, bytes);
    return true;
  }

  async read(containerPath: string): Promise<Uint8Array | undefined> {
    const host = await this.hostPath(containerPath);
    return host === undefined ? undefined : new Uint8Array(await readFile(host));
  }

  /** The checkout's HEAD commit, read on the host. */
  async head(): Promise<string | null> {
    const result = await execa('git', ['rev-parse', '--verify', '-q', 'HEAD^{commit}'], {
      cwd: this.hostRoot,
      reject: false,
    });
    return result.exitCode === 0 && /^[0-9a-f]{40,64}$/.test(result.stdout.trim())
      ? result.stdout.trim()
      : null;
  }
}
