import { hostname } from 'node:os';
import type Docker from 'dockerode';
import { statusOf } from './docker-daemon.js';
import { isProcessAlive } from '../process-alive.js';

/** A sandbox container that `removeOrphans` removed. */
export interface RemovedContainer {
  id: string;
  name: string;
  run: string;
  pid: number | null;
}

function isOrphan(labels: Record<string, string>, host: string): boolean {
  if (labels['legofactory.host'] !== host) return false;
  const pid = Number(labels['legofactory.pid']);
  return Number.isInteger(pid) && pid > 0 && !isProcessAlive(pid);
}

/** Which containers `removeOrphans` considers. */
export interface GcOptions {
  /** Remove live runs' containers too. */
  all?: boolean;
  /** Only containers of this run (`legofactory.run` label). */
  run?: string;
}

/**
 * Removes legofactory sandbox containers whose owning process (`legofactory.pid` on this host) is gone,
 * or every legofactory container with `all`; returns what it removed.
 */
export async function removeOrphans(docker: Docker, options: GcOptions = {}): Promise<RemovedContainer[]> {
  const host = hostname();
  const label = ['legofactory=1', ...(options.run === undefined ? [] : [`legofactory.run=${options.run}`])];
  const containers = await docker.listContainers({ all: true, filters: { label } });
  const doomed = containers.filter((info) => options.all === true || isOrphan(info.Labels, host));
  const removed: RemovedContainer[] = [];
  for (const info of doomed) {
    await docker
      .getContainer(info.Id)
      .remove({ force: true })
      .catch((err: unknown) => {
        if (statusOf(err) !== 404) throw err;
      });
    const pid = Number(info.Labels['legofactory.pid']);
    removed.push({
      id: info.Id,
      name: (info.Names[0] ?? info.Id).replace(/^\//, ''),
      run: info.Labels['legofactory.run'] ?? '',
      pid: Number.isInteger(pid) ? pid : null,
    });
  }
  return removed;
}
