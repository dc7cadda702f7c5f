import { realpath } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { LegoError } from '../errors.js';

/** Where a local sandbox lives on the host. */
export interface LocalRoots {
  workdir: string;
  tmpDir: string;
  envDir?: string;
  /** True under bubblewrap: commands see `tmpDir` at /tmp. */
  privateTmp: boolean;
}

/** Whether `path` is `root` or lies below it. */
export function isWithin(path: string, root: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

/** The host path of a path as commands in the sandbox see it (absolute, or relative to the workdir). */
export function hostPathOf(roots: LocalRoots, path: string): string {
  const absolute = resolve(roots.workdir, path);
  const shadowed = isWithin(absolute, roots.workdir) || (roots.envDir && isWithin(absolute, roots.envDir));
  if (roots.privateTmp && !shadowed && isWithin(absolute, '/tmp')) {
    return join(roots.tmpDir, relative('/tmp', absolute));
  }
  return absolute;
}

async function realpathOfNearest(path: string): Promise<string> {
  for (let current = path; ; current = dirname(current)) {
    const real = await realpath(current).catch(() => undefined);
    if (real !== undefined) return join(real, relative(current, path));
    if (dirname(current) === current) return path;
  }
}

/** Refuses host paths outside the workdir and the sandbox's temp dir, symlinks followed. */
export async function assertWritable(roots: LocalRoots, hostPath: string, shown: string): Promise<void> {
  const real = await realpathOfNearest(hostPath);
  const allowed = await Promise.all([roots.workdir, roots.tmpDir].map((root) => realpathOfNearest(root)));
  if (allowed.some((root) => isWithin(real, root))) return;
  throw new LegoError(
    'bad_input',
    `cannot write ${shown}: a local sandbox writes only inside ${roots.workdir} and its private /tmp`,
  );
}
