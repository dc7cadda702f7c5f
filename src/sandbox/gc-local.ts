import { readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isProcessAlive } from '../process-alive.js';
import { markedProcesses, ownerOf, sandboxMarker } from './markers.js';

/** The prefix of a local sandbox's temp dir; the owner's pid follows it: `lf-sandbox-<pid>-XXXXXX`. */
export const sandboxTmpPrefix = 'lf-sandbox-';
/** The prefix of a task workspace under `<cache>/work`; the owner's pid follows it: `task-<pid>-XXXXXX`. */
export const workspacePrefix = 'task-';

/** A directory name's prefix followed by this process's pid, for `mkdtemp`. */
export const ownedPrefix = (prefix: string): string => `${prefix}${process.pid}-`;

/** Whether to clean up what an owner pid left: always with `all`, else only when that process is gone. */
const doomed = (owner: number | null, all: boolean): boolean =>
  all || (owner !== null && !isProcessAlive(owner));

/** SIGKILLs the processes of local sandboxes (LEGOFACTORY_SANDBOX in their environment) whose owner is gone. */
export async function removeStrayProcesses(options: { all?: boolean } = {}): Promise<number[]> {
  const killed: number[] = [];
  for (const [pid, marker] of await markedProcesses(sandboxMarker)) {
    if (!doomed(ownerOf(marker), options.all === true)) continue;
    try {
      process.kill(pid, 'SIGKILL');
      killed.push(pid);
    } catch {
      // gone meanwhile
    }
  }
  return killed;
}

async function removeOwnedDirs(parent: string, prefix: string, all: boolean): Promise<string[]> {
  const names = await readdir(parent).catch(() => [] as string[]);
  const removed: string[] = [];
  for (const name of names) {
    const owner = new RegExp(`^${prefix}(\\d+)-`).exec(name)?.[1];
    if (owner === undefined || !doomed(Number(owner), all)) continue;
    await rm(join(parent, name), { recursive: true, force: true });
    removed.push(join(parent, name));
  }
  return removed;
}

/** Removes the task workspaces under `<cacheDir>/work` and the local sandboxes' temp dirs of dead runs. */
export async function removeStrayDirs(
  cacheDir: string,
  options: { all?: boolean; tmp?: string } = {},
): Promise<string[]> {
  const all = options.all === true;
  return [
    ...(await removeOwnedDirs(join(cacheDir, 'work'), workspacePrefix, all)),
    ...(await removeOwnedDirs(options.tmp ?? tmpdir(), sandboxTmpPrefix, all)),
  ];
}
