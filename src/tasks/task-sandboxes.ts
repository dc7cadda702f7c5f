import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { materializeSyntheticBase } from '../blocks/swegen/synth/base-commit.js';
import { LegoError } from '../errors.js';
import { dockerPaths } from '../env/build.js';
import { envBuilders, type BuiltEnvironment } from '../env/environment.js';
import type { PipOptions } from '../env/pip-options.js';
import { resolveEnvSpec } from '../env/resolve.js';
import { envRuntime } from '../env/runtime.js';
import { ensureMirror } from '../repos/mirror.js';
import { describeCheckout, type HistoryMode } from '../repos/history.js';
import { prepareWorkspace } from '../repos/workspace.js';
import { providers, type ProviderName, type Sandbox, type TrackingProvider } from '../sandbox/index.js';
import { ownedPrefix, workspacePrefix } from '../sandbox/gc-local.js';
import { envSpecId, type EnvSpec } from '../schema/env.js';
import type { TaskInstance } from '../schema/instance.js';

/** Where repositories come from and how environments are built; plain JSON, part of a block's config. */
export interface TaskSandboxOptions {
  provider: ProviderName;
  /** Mirrors, workspaces, local environments and build logs. */
  cacheDir: string;
  /** `owner/name` → local path or URL; a repository not listed is cloned from GitHub. */
  repos: Record<string, string>;
  /** `owner/name` → EnvSpec file that overrides detection. */
  envOverrides: Record<string, string>;
  baseImage?: string;
  pip?: PipOptions;
  npmRegistry?: string;
  /** Labels docker containers, so an interrupt or `legofactory gc` finds them. */
  runId: string;
  /** How much of the base commit's history workspaces fetch (default `full`, shallow when it must). */
  history?: HistoryMode;
}

/** A sandbox holding an instance's repository at its base commit, with its environment ready. */
export interface OpenTask {
  sandbox: Sandbox;
  spec: EnvSpec;
  specId: string;
  /** Removes the sandbox and the workspace; every call returns the same promise. */
  close(): Promise<void>;
}

function memo<T>(cache: Map<string, Promise<T>>, key: string, create: () => Promise<T>): Promise<T> {
  let value = cache.get(key);
  if (!value) cache.set(key, (value = create()));
  return value;
}

/**
 * Opens task sandboxes: mirror → leak-free workspace → env spec → environment → sandbox. Mirrors and
 * environments are shared across instances (a failed build fails every instance of that spec at once).
 */
export class TaskSandboxes {
  private readonly mirrors = new Map<string, Promise<string>>();
  private readonly envs = new Map<string, Promise<BuiltEnvironment>>();
  readonly provider: TrackingProvider;

  constructor(private readonly options: TaskSandboxOptions) {
    this.provider =
      options.provider === 'docker' ? providers.docker({ runId: options.runId }) : providers.local();
  }

  async open(instance: TaskInstance, log: (line: string) => void = () => {}): Promise<OpenTask> {
    const workspace = await this.checkout(instance, log);
    try {
      const spec = await resolveEnvSpec({
        instance,
        repoDir: workspace,
        overrides: new Map(Object.entries(this.options.envOverrides)),
      });
      const specId = envSpecId(spec);
      const built = await memo(this.envs, specId, () => this.build(spec, workspace, log));
      const sandbox = await this.createSandbox(built, workspace, instance);
      let closing: Promise<void> | undefined;
      const close = () => (closing ??= this.release(sandbox, workspace));
      return { sandbox, spec: built.spec, specId: built.specId, close };
    } catch (err) {
      await rm(workspace, { recursive: true, force: true });
      throw err;
    }
  }

  closeAll(): Promise<void> {
    return this.provider.closeAll();
  }

  private async checkout(instance: TaskInstance, log: (line: string) => void): Promise<string> {
    const source = this.options.repos[instance.repo] ?? `https://github.com/${instance.repo}.git`;
    const mirror = await memo(this.mirrors, instance.repo, () =>
      ensureMirror(instance.repo, source, this.options.cacheDir),
    );
    await materializeSyntheticBase(mirror, instance);
    await mkdir(join(this.options.cacheDir, 'work'), { recursive: true });
    const workspace = await mkdtemp(join(this.options.cacheDir, 'work', ownedPrefix(workspacePrefix)));
    const history = this.options.history ?? 'full';
    const checkout = await prepareWorkspace(mirror, instance.base_commit, workspace, { history }).catch(
      async (err: unknown) => {
        await rm(workspace, { recursive: true, force: true });
        throw err;
      },
    );
    log(describeCheckout(instance.repo, instance.base_commit, checkout));
    return workspace;
  }

  private build(spec: EnvSpec, workspace: string, log: (line: string) => void): Promise<BuiltEnvironment> {
    const { cacheDir, baseImage, pip, npmRegistry } = this.options;
    return envBuilders[this.options.provider](spec, workspace, {
      cacheDir,
      log,
      ...(baseImage ? { baseImage } : {}),
      ...(pip ? { pip } : {}),
      ...(npmRegistry ? { npmRegistry } : {}),
    } as Parameters<(typeof envBuilders)['docker']>[2]);
  }

  private async createSandbox(built: BuiltEnvironment, workspace: string, instance: TaskInstance) {
    const docker = this.options.provider === 'docker';
    const depsDir = docker ? dockerPaths.depsDir : built.envDir!;
    const runtime = envRuntime(built.spec, depsDir, docker ? dockerPaths.repoDir : workspace);
    const { PATH, ...portable } = runtime.env;
    const sandbox = await this.provider.create({
      repoDir: workspace,
      ...(built.image ? { image: built.image } : {}),
      ...(built.envDir ? { envDir: built.envDir } : {}),
      env: docker ? { ...portable, PATH: PATH! } : portable,
      labels: { 'legofactory.instance': instance.instance_id },
    });
    try {
      const setup = await sandbox.exec(['set -e', ...runtime.setup].join('\n'), { timeoutMs: 60_000 });
      if (setup.exitCode !== 0)
        throw new LegoError(
          'sandbox_failed',
          `environment setup failed in the sandbox: ${setup.output.slice(-500)}`,
        );
      return sandbox;
    } catch (err) {
      await sandbox.close();
      throw err;
    }
  }

  private async release(sandbox: Sandbox, workspace: string): Promise<void> {
    try {
      await sandbox.close();
    } finally {
      await rm(workspace, { recursive: true, force: true });
    }
  }
}
