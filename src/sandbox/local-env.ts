import { mkdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { SandboxSpec } from './sandbox.js';

/** The directories under an env dir whose executables join PATH, first match first. */
export const envBinDirs = ['bin', '.venv/bin', 'venv/bin', 'node_modules/.bin'];

const defaultPath = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

const isDirectory = (path: string): Promise<boolean> =>
  stat(path).then(
    (info) => info.isDirectory(),
    () => false,
  );

async function existingBinDirs(envDir: string | undefined): Promise<string[]> {
  if (envDir === undefined) return [];
  const dirs = envBinDirs.map((dir) => join(envDir, dir));
  const present = await Promise.all(dirs.map(isDirectory));
  return dirs.filter((_, i) => present[i]);
}

/** Where a local sandbox's temp dir is: on the host (`hostTmp`) and as its commands see it (`tmp`). */
export interface SandboxTmp {
  hostTmp: string;
  tmp: string;
}

/**
 * The environment of every command in a local sandbox, allow-listed: PATH (env-dir bins first), a private
 * HOME and TMPDIR in the sandbox's temp dir, LANG, LC_ALL, TERM, TZ, then `extra` (the markers) and the
 * spec's env. Nothing else of the host's environment, so no API key or token reaches a test run.
 */
export async function baseEnvOf(
  spec: SandboxSpec,
  hostEnv: Record<string, string | undefined>,
  dirs: SandboxTmp,
  extra: Record<string, string> = {},
): Promise<Record<string, string>> {
  const bins = await existingBinDirs(spec.envDir);
  await mkdir(join(dirs.hostTmp, 'home'), { recursive: true });
  const env: Record<string, string> = {
    PATH: [...bins, hostEnv.PATH || defaultPath].join(':'),
    HOME: join(dirs.tmp, 'home'),
    TMPDIR: dirs.tmp,
    LANG: hostEnv.LANG || 'C.UTF-8',
    LC_ALL: hostEnv.LC_ALL || 'C.UTF-8',
  };
  for (const name of ['TERM', 'TZ'] as const) if (hostEnv[name]) env[name] = hostEnv[name];
  return { ...env, ...extra, ...spec.env };
}
