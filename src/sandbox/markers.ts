import { randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';

/** Carried by every process of a sandbox: `<owner pid>.<id>`, so `gc` can tell a dead run's strays. */
export const sandboxMarker = 'LEGOFACTORY_SANDBOX';
/** Carried by every process of one exec, so a time-out can find children that left its process group. */
export const execMarker = 'LEGOFACTORY_EXEC';

/** A fresh sandbox marker value owned by this process. */
export const newSandboxMarker = (): string => `${process.pid}.${randomUUID()}`;

/** The owner pid recorded in a sandbox marker value; null when it has none. */
export function ownerOf(marker: string): number | null {
  const pid = Number(marker.split('.')[0]);
  return Number.isInteger(pid) && pid > 0 ? pid : null;
}

/** Every host process whose environment holds `name` (with `value`, when given), as pid → value. */
export async function markedProcesses(name: string, value?: string): Promise<Map<number, string>> {
  const found = new Map<number, string>();
  const prefix = `${name}=`;
  const pids = (await readdir('/proc')).filter((entry) => /^\d+$/.test(entry)).map(Number);
  await Promise.all(
    pids.map(async (pid) => {
      if (pid === process.pid) return;
      const environ = await readFile(`/proc/${pid}/environ`, 'latin1').catch(() => '');
      for (const entry of environ.split('\0')) {
        if (!entry.startsWith(prefix)) continue;
        const marked = entry.slice(prefix.length);
        if (value === undefined || marked === value) found.set(pid, marked);
      }
    }),
  );
  return found;
}

/** SIGKILLs every process carrying the marker until none is left (children forked meanwhile included). */
export async function killMarked(name: string, value: string): Promise<number> {
  let killed = 0;
  for (let round = 0; round < 20; round += 1) {
    const pids = [...(await markedProcesses(name, value)).keys()];
    if (pids.length === 0) break;
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGKILL');
        killed += 1;
      } catch {
        // already gone
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return killed;
}
