import { join, resolve } from 'node:path';
import type Docker from 'dockerode';
import { withFileLock } from '../repos/file-lock.js';
import { envSpecId, type EnvSpec } from '../schema/env.js';
import { ensureDaemon } from '../sandbox/docker-daemon.js';
import { chooseBaseImage, ensureBaseImage, imageExists } from './base-image.js';
import { buildFailed, buildLogPath, closeBuildLog, openBuildLog } from './build-log.js';
import { commitImage, createBuildContainer, DEPS_DIR, type BuildableSpec } from './build-container.js';
import { installEnv, runBuildSteps } from './build-steps.js';
import { caBundleEnv, CONTAINER_CA_BUNDLE, hostCaBundle } from './ca-bundle.js';
import { hostPipIndexes, pipMountPaths, type PipOptions } from './pip-options.js';

/** Where a docker environment keeps its dependencies, and where the repository sits in its sandboxes. */
export const dockerPaths = { depsDir: DEPS_DIR, repoDir: '/testbed' } as const;
const DEFAULT_TIMEOUT_MS = 3_600_000;

export interface DockerBuildOptions {
  /** Holds build logs (`logs/`) and build locks (`locks/`). */
  cacheDir: string;
  /** Used when the spec names no base image (`registry`: by runtime); default: the locally built Debian image. */
  baseImage?: string;
  /** Package indexes for pip; default: the host's (`hostPipIndexes()`), local ones mounted read-only. */
  pip?: PipOptions;
  npmRegistry?: string;
  /** Host CA bundle the installs trust (e.g. behind a TLS-inspecting proxy); default: the host's; false: none. */
  caBundle?: string | false;
  /** Install commands are stopped after this long. Default one hour. */
  timeoutMs?: number;
  /** Progress lines (base image builds). */
  log?: (line: string) => void;
}

/** The image tag of a built environment. */
export function envImageTag(specId: string): string {
  return `legofactory/env:${specId}`;
}

/** The spec as docker builds it: `base_image` filled in, so different bases never share an image. */
export async function withBaseImage(
  docker: Docker,
  spec: EnvSpec,
  options: DockerBuildOptions,
): Promise<EnvSpec> {
  const base =
    chooseBaseImage(spec, options.baseImage) ?? (await ensureBaseImage(docker, undefined, options.log));
  return { ...spec, base_image: base };
}

async function containerSettings(options: DockerBuildOptions) {
  const caBundle = options.caBundle === false ? undefined : (options.caBundle ?? (await hostCaBundle()));
  const pip = options.pip ?? (await hostPipIndexes());
  const binds = pipMountPaths(pip).map((path) => `${path}:${path}:ro`);
  if (caBundle) binds.push(`${caBundle}:${CONTAINER_CA_BUNDLE}:ro`);
  const env = { ...installEnv({ ...options, pip }), ...(caBundle ? caBundleEnv(CONTAINER_CA_BUNDLE) : {}) };
  return { binds, run: { env, timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS } };
}

async function buildInContainer(
  docker: Docker,
  spec: BuildableSpec,
  repoDir: string,
  options: DockerBuildOptions,
) {
  const tag = envImageTag(envSpecId(spec));
  const logPath = buildLogPath(options.cacheDir, envSpecId(spec), 'docker');
  const { binds, run } = await containerSettings(options);
  const log = await openBuildLog(logPath, `building ${tag} from ${spec.base_image}`);
  let failure: string | undefined;
  try {
    const container = await createBuildContainer(docker, spec, binds);
    try {
      failure = await runBuildSteps(container, spec, repoDir, run, log);
      if (!failure) await commitImage(container, tag);
    } finally {
      await container.remove({ force: true });
    }
  } finally {
    await closeBuildLog(log);
  }
  if (failure) throw await buildFailed(`building ${tag} failed at ${failure}`, logPath);
}

/**
 * Builds (or reuses) the docker image of an environment, `legofactory/env:<specId>` with the spec's
 * dependencies installed in /opt/lf-env, and returns its tag. Concurrent builds of one spec wait for
 * each other.
 */
export async function buildEnvImage(
  docker: Docker,
  spec: EnvSpec,
  repoDir: string,
  options: DockerBuildOptions,
): Promise<string> {
  await ensureDaemon(docker);
  const built = (await withBaseImage(docker, spec, options)) as BuildableSpec;
  const tag = envImageTag(envSpecId(built));
  if (await imageExists(docker, tag)) return tag;
  return withFileLock(join(resolve(options.cacheDir), 'locks', `env-${envSpecId(built)}.lock`), async () => {
    if (!(await imageExists(docker, tag))) await buildInContainer(docker, built, repoDir, options);
    return tag;
  });
}
