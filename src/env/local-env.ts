import { access, mkdir, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Writable } from 'node:stream';
import { execa } from 'execa';
import { withFileLock } from '../repos/file-lock.js';
import { envSpecId, type EnvSpec } from '../schema/env.js';
import { canonicalJson } from '../json.js';
import { buildFailed, buildLogPath, closeBuildLog, openBuildLog } from './build-log.js';
import { installScript } from './install-script.js';
import { hostPipIndexes, pipEnv, type PipOptions } from './pip-options.js';
import { snapshotTar } from './snapshot.js';

const READY = '.ready';
const DEFAULT_TIMEOUT_MS = 3_600_000;

export interface LocalEnvOptions {
  /** Indexes for pip; default: the host's (`hostPipIndexes()`: PyPI is not retried when it does not resolve). */
  pip?: PipOptions;
  npmRegistry?: string;
  /** Install commands are stopped after this long. Default one hour. */
  timeoutMs?: number;
}

/** The directory of a local environment: `cacheDir/envs/<specId>`. */
export function localEnvDir(spec: EnvSpec, cacheDir: string): string {
  return join(resolve(cacheDir), 'envs', envSpecId(spec));
}

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

async function extractSnapshot(repoDir: string, dest: string): Promise<void> {
  await rm(dest, { recursive: true, force: true });
  await mkdir(dest, { recursive: true });
  await execa('tar', ['-x', '-C', dest], { input: await snapshotTar(repoDir, '') });
}

async function runInstall(script: string, options: LocalEnvOptions, log: Writable) {
  const pip = options.pip ?? (await hostPipIndexes());
  const child = execa('bash', ['-c', script], {
    env: {
      ...pipEnv(pip),
      ...(options.npmRegistry ? { npm_config_registry: options.npmRegistry } : {}),
    },
    all: true,
    buffer: false,
    reject: false,
    stdin: 'ignore',
    timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
  });
  child.all?.pipe(log, { end: false });
  return child;
}

async function build(
  spec: EnvSpec,
  repoDir: string,
  dir: string,
  cacheDir: string,
  options: LocalEnvOptions,
) {
  const snapshotDir = `${dir}.src`;
  const logPath = buildLogPath(cacheDir, envSpecId(spec), 'local');
  const log = await openBuildLog(logPath, `building ${dir}`);
  let result: Awaited<ReturnType<typeof runInstall>>;
  try {
    await extractSnapshot(repoDir, snapshotDir);
    result = await runInstall(installScript(spec, { depsDir: dir, snapshotDir }), options, log);
  } finally {
    await closeBuildLog(log);
    await rm(snapshotDir, { recursive: true, force: true });
  }
  if (result.exitCode === 0) return;
  const how = result.timedOut ? 'timed out' : `exit ${result.exitCode ?? result.signal}`;
  throw await buildFailed(`building the local environment ${dir} failed (${how})`, logPath);
}

/**
 * Builds (or reuses) a local environment with the host's python3/npm: `cacheDir/envs/<specId>` holding
 * `venv/` or `node_modules/`. A `.ready` marker is written last; a directory without it (a crashed build)
 * is rebuilt. Concurrent callers wait for each other.
 */
export async function ensureLocalEnv(
  spec: EnvSpec,
  repoDir: string,
  cacheDir: string,
  options: LocalEnvOptions = {},
): Promise<string> {
  const dir = localEnvDir(spec, cacheDir);
  if (await exists(join(dir, READY))) return dir;
  return withFileLock(`${dir}.lock`, async () => {
    if (await exists(join(dir, READY))) return dir;
    await rm(dir, { recursive: true, force: true });
    await build(spec, repoDir, dir, cacheDir, options);
    await writeFile(join(dir, READY), `${canonicalJson(spec)}\n`);
    return dir;
  });
}
