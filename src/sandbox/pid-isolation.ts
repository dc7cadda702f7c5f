import { execa } from 'execa';

/**
 * How a local sandbox keeps the processes of a command together, in order of preference:
 * - `bwrap`: bubblewrap with a process namespace of its own;
 * - `unshare`: util-linux unshare with a process namespace (root or user namespaces needed);
 * - `marker`: no namespace; processes are found by the marker variables they carry in /proc/PID/environ.
 *
 * In both namespace modes the namespace dies with the command's main process, and with this process
 * (parent-death signal), so nothing started inside outlives a time-out or a killed CLI.
 */
export type PidIsolation = 'bwrap' | 'unshare' | 'marker';

/** Whether the local provider may use util-linux unshare (`auto`, the default) or never (`off`). */
export type NamespaceMode = 'auto' | 'off';

/** Kills the wrapped program when this process dies, however it dies (util-linux setpriv). */
const dieWithUs = ['setpriv', '--pdeathsig', 'KILL'];

/** util-linux unshare: a new process namespace with its own /proc, killed when unshare dies. */
export const unsharePid = ['unshare', '--pid', '--fork', '--kill-child', '--mount-proc'];

let deathProbe: Promise<string[]> | undefined;
let unshareProbe: Promise<boolean> | undefined;

/** The argv prefix that ties a program's life to this process's: setpriv where it runs here, else none. */
export function parentDeathPrefix(): Promise<string[]> {
  deathProbe ??= execa(dieWithUs[0]!, [...dieWithUs.slice(1), 'true']).then(
    () => dieWithUs,
    () => [],
  );
  return deathProbe;
}

/** Whether `unshare` can create a process namespace here (probed once). */
export function unshareWorks(): Promise<boolean> {
  unshareProbe ??= execa(unsharePid[0]!, [...unsharePid.slice(1), 'true']).then(
    () => true,
    () => false,
  );
  return unshareProbe;
}
