import { readFile, stat } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { execa } from 'execa';

/** Whether the local provider runs commands under bubblewrap: when it works here (`auto`) or never (`off`). */
export type BubblewrapMode = 'auto' | 'off';

/** What one bwrap invocation mounts and allows. */
export interface BwrapMounts {
  workdir: string;
  tmpDir: string;
  envDir?: string;
  /** Further writable host directories (the git dirs of a worktree checkout). */
  writable: string[];
  network: boolean;
}

let probe: Promise<boolean> | undefined;

/** Whether `bwrap` is installed and can create the namespaces the sandbox needs (probed once). */
export function bubblewrapWorks(): Promise<boolean> {
  probe ??= execa('bwrap', [
    ...bwrapArgs({ workdir: '/', tmpDir: '/tmp', writable: [], network: false }, '/'),
    'true',
  ])
    .then(() => true)
    .catch(() => false);
  return probe;
}

/**
 * bwrap arguments up to the command: host read-only; workdir, env dir and a private /tmp writable; no
 * network; a process namespace of its own, which dies (every process in it) when the command or bwrap ends.
 */
export function bwrapArgs(mounts: BwrapMounts, cwd: string): string[] {
  const args = ['--ro-bind', '/', '/', '--dev', '/dev', '--proc', '/proc', '--bind', mounts.tmpDir, '/tmp'];
  // Writable, because test runners write caches beside their packages (vitest: node_modules/.vite).
  if (mounts.envDir !== undefined) args.push('--bind', mounts.envDir, mounts.envDir);
  args.push('--bind', mounts.workdir, mounts.workdir);
  for (const dir of mounts.writable) args.push('--bind', dir, dir);
  if (!mounts.network) args.push('--unshare-net');
  args.push('--unshare-pid', '--die-with-parent', '--chdir', cwd, '--');
  return args;
}

/**
 * The git directories outside the workdir that git must write to: for a `git worktree` checkout, whose
 * `.git` is a file pointing elsewhere, its own git dir and the common dir; none for a plain clone.
 */
export async function externalGitDirs(workdir: string): Promise<string[]> {
  const dotGit = resolve(workdir, '.git');
  const info = await stat(dotGit).catch(() => undefined);
  if (!info?.isFile()) return [];
  const pointer = /^gitdir:\s*(.+)$/m.exec(await readFile(dotGit, 'utf8'))?.[1]?.trim();
  if (pointer === undefined) return [];
  const gitDir = isAbsolute(pointer) ? pointer : resolve(workdir, pointer);
  const common = await readFile(resolve(gitDir, 'commondir'), 'utf8').catch(() => undefined);
  return common === undefined ? [gitDir] : [gitDir, resolve(gitDir, common.trim())];
}
