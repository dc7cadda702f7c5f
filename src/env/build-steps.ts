import type { Writable } from 'node:stream';
import type Docker from 'dockerode';
import { DEPS_DIR, execScript, toolsScript, type BuildableSpec } from './build-container.js';
import { installScript } from './install-script.js';
import { pipEnv, type PipOptions } from './pip-options.js';
import { snapshotTar } from './snapshot.js';

const SNAPSHOT_DIR = '/tmp/lf-src';
const NPM_CACHE = '/tmp/lf-npm-cache';

/** Variables for install commands in a build container: package indexes, no caches left in the image. */
export function installEnv(options: { pip?: PipOptions; npmRegistry?: string }): Record<string, string> {
  return {
    ...pipEnv(options.pip ?? {}),
    ...(options.npmRegistry ? { npm_config_registry: options.npmRegistry } : {}),
    PIP_NO_CACHE_DIR: '1',
    PIP_DISABLE_PIP_VERSION_CHECK: '1',
    PIP_NO_INPUT: '1',
    npm_config_cache: NPM_CACHE,
    npm_config_update_notifier: 'false',
  };
}

/**
 * Copies the repository snapshot into a started build container, installs missing tools, then runs the
 * spec's install commands. Returns what failed, or undefined when every step succeeded.
 */
export async function runBuildSteps(
  container: Docker.Container,
  spec: BuildableSpec,
  repoDir: string,
  run: { env: Record<string, string>; timeoutMs: number },
  log: Writable,
): Promise<string | undefined> {
  const install = installScript(spec, { depsDir: DEPS_DIR, snapshotDir: SNAPSHOT_DIR });
  const steps = [
    { what: 'installing git, patch and the runtime', script: toolsScript(spec.language) },
    { what: 'running the install commands', script: `${install}\nrm -rf ${SNAPSHOT_DIR} ${NPM_CACHE}` },
  ];
  await container.putArchive(await snapshotTar(repoDir, 'lf-src/'), { path: '/tmp' });
  for (const step of steps) {
    const code = await execScript(container, step.script, run.env, log, run.timeoutMs);
    if (code !== 0) return `${step.what} (exit ${code}${code === 124 ? ', timed out' : ''})`;
  }
  return undefined;
}
