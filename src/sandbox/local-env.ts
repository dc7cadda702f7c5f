import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { SandboxSpec } from './sandbox.js';

/** The directories under an env dir whose executables join PATH, first match first. */
export const envBinDirs = ['bin', '.venv/bin', 'venv/bin', 'node_modules/.bin'];

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

/** The environment of every command in a local sandbox: host env, env-dir bins on PATH, TMPDIR, spec env. */
export async function baseEnvOf(
  spec: SandboxSpec,
  hostEnv: Record<string, string | undefined>,
  tmp: string,
): Promise<Record<string, string>> {
  const inherited = Object.fromEntries(
    Object.entries(hostEnv).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
  const bins = await existingBinDirs(spec.envDir);
  const path = [...bins, inherited.PATH ?? '/usr/local/bin:/usr/bin:/bin'].join(':');
  return { ...inherited, PATH: path, TMPDIR: tmp, ...spec.env };
}
