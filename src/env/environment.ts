import { mkdtemp, mkdir, rm } from 'node:fs/promises';
import { ownedPrefix, workspacePrefix } from '../sandbox/gc-local.js';
import { join, resolve } from 'node:path';
import Docker from 'dockerode';
import { ensureMirror } from '../repos/mirror.js';
import { describeCheckout, type HistoryMode } from '../repos/history.js';
import { prepareWorkspace } from '../repos/workspace.js';
import { envSpecId, type EnvSpec } from '../schema/env.js';
import type { TaskInstance } from '../schema/instance.js';
import { buildEnvImage, withBaseImage } from './build.js';
import { ensureLocalEnv } from './local-env.js';
import type { PipOptions } from './pip-options.js';
import { resolveEnvSpec } from './resolve.js';

export interface BuildEnvironmentOptions {
  /** `owner/name`. */
  repo: string;
  /** Local path (bare or not) or URL of the repository. */
  source: string;
  commit: string;
  /** How much of the commit's history the workspace fetches (default `full`, shallow when it must). */
  history?: HistoryMode;
  sandbox: EnvSandboxName;
  /** Holds mirrors, workspaces, local environments, logs and locks. */
  cacheDir: string;
  /** Docker: the base image when the spec names none. */
  baseImage?: string;
  /** `--env owner/name=spec.yaml` files by repository. */
  envOverrides?: ReadonlyMap<string, string>;
  /** An inline spec wins over overrides and detection. */
  env?: TaskInstance['env'];
  pip?: PipOptions;
  npmRegistry?: string;
  docker?: Docker;
  log?: (line: string) => void;
}

/** A built environment: the spec it was built from, and its image (docker) or directory (local). */
export interface BuiltEnvironment {
  spec: EnvSpec;
  specId: string;
  image?: string;
  envDir?: string;
}

type Builder = (
  spec: EnvSpec,
  repoDir: string,
  options: BuildEnvironmentOptions,
) => Promise<BuiltEnvironment>;

async function buildDocker(spec: EnvSpec, repoDir: string, options: BuildEnvironmentOptions) {
  const docker = options.docker ?? new Docker();
  const built = await withBaseImage(docker, spec, options);
  const image = await buildEnvImage(docker, built, repoDir, options);
  return { spec: built, specId: envSpecId(built), image };
}

async function buildLocal(spec: EnvSpec, repoDir: string, options: BuildEnvironmentOptions) {
  const envDir = await ensureLocalEnv(spec, repoDir, options.cacheDir, options);
  return { spec, specId: envSpecId(spec), envDir };
}

/** Environment builders by sandbox kind. */
export const envBuilders = { docker: buildDocker, local: buildLocal } satisfies Record<string, Builder>;
export type EnvSandboxName = keyof typeof envBuilders;

/**
 * Mirrors the repository, checks out `commit` in a scratch workspace, resolves its environment spec
 * (inline, `--env` override, or detection) and builds it for the chosen sandbox kind.
 */
export async function buildEnvironment(options: BuildEnvironmentOptions): Promise<BuiltEnvironment> {
  const mirror = await ensureMirror(options.repo, options.source, options.cacheDir);
  const workDir = join(resolve(options.cacheDir), 'work');
  await mkdir(workDir, { recursive: true });
  const workspace = await mkdtemp(join(workDir, ownedPrefix(workspacePrefix)));
  try {
    const history = options.history ?? 'full';
    const checkout = await prepareWorkspace(mirror, options.commit, workspace, { history });
    options.log?.(describeCheckout(options.repo, options.commit, checkout));
    const spec = await resolveEnvSpec({
      instance: { repo: options.repo, env: options.env },
      repoDir: workspace,
      overrides: options.envOverrides,
    });
    return await envBuilders[options.sandbox](spec, workspace, options);
  } finally {
    await rm(workspace, { recursive: true, force: true });
  }
}
