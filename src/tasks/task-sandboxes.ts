import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { materializeSyntheticBase } from '../repos/synthetic-base.js';
import { LegoError } from '../errors.js';
import { dockerPaths } from '../env/build.js';
import { detectRecorded } from '../env/construct.js';
import { constructWithRecipes } from '../env/recipes/construct.js';
import { envBuilders, type BuiltEnvironment } from '../env/environment.js';
import type { PipOptions } from '../env/pip-options.js';
import { resolveEnvSpecWithNotes } from '../env/resolve.js';
import { envRuntime } from '../env/runtime.js';
import { ensureMirror } from '../repos/mirror.js';
import { describeCheckout, type HistoryMode } from '../repos/history.js';
import { prepareWorkspace } from '../repos/workspace.js';
import { providers, type ProviderName, type Sandbox, type TrackingProvider } from '../sandbox/index.js';
import { ownedPrefix, workspacePrefix } from '../sandbox/gc-local.js';
import { envSpecId, type EnvSpec } from '../schema/env.js';
import type { TaskInstance } from '../schema/instance.js';
import { checkoutFiles } from '../env/checkout-files.js';
import { pickRules, type RepairRuleName } from '../env/repair/index.js';
import type { SetupAgentConfig } from '../env/agent/config.js';
import { setupAgentRepair } from '../env/agent/repair.js';
import { chooseBaseImage, baseImageTag } from '../env/base-image.js';
import { envChecks, type EnvCheckKind } from './env-checks.js';
import { timed, type Phases } from './phases.js';

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
  /** What the construction loop checks: the whole suite once per spec (default), or each instance's tests. */
  envCheck?: EnvCheckKind;
  /** Time limit of one check run; default 30 minutes. */
  checkTimeoutMs?: number;
  /** Install commands of one build attempt are stopped after this long; default one hour. */
  buildTimeoutMs?: number;
  /** Builds the construction loop tries per environment; default 4. */
  envAttempts?: number;
  /** The repair rules the loop may apply, by name; default all of `repairRules`. */
  envRules?: RepairRuleName[];
  /** The LLM setup agent the loop calls when no rule repairs a failure; off when absent. */
  envAgent?: SetupAgentConfig;
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

const DEFAULT_CHECK_TIMEOUT_MS = 1_800_000;

/**
 * Opens task sandboxes: mirror → leak-free workspace → env spec → environment (built, checked and
 * repaired by the construction loop) → sandbox. Mirrors and environments are shared across instances (a
 * failed construction fails every instance of that spec at once); with `envCheck: 'instance'` each
 * instance gets its own construction.
 */
export class TaskSandboxes {
  private readonly mirrors = new Map<string, Promise<string>>();
  private readonly envs = new Map<string, Promise<BuiltEnvironment>>();
  readonly provider: TrackingProvider;

  constructor(private readonly options: TaskSandboxOptions) {
    this.provider =
      options.provider === 'docker' ? providers.docker({ runId: options.runId }) : providers.local();
  }

  /** Opens `instance`'s task, adding the time of its steps (checkout, detect, env, sandbox) to `phases`. */
  async open(
    instance: TaskInstance,
    log: (line: string) => void = () => {},
    phases: Phases = {},
  ): Promise<OpenTask> {
    const workspace = await timed(phases, 'checkout', () => this.checkout(instance, log));
    try {
      const subject = {
        repo: instance.repo,
        commit: instance.base_commit,
        instance_id: instance.instance_id,
      };
      const { spec, notes } = await timed(phases, 'detect', () =>
        detectRecorded(this.options.cacheDir, subject, () =>
          resolveEnvSpecWithNotes({
            instance,
            repoDir: workspace,
            overrides: new Map(Object.entries(this.options.envOverrides)),
          }),
        ),
      );
      const perInstance = this.options.envCheck === 'instance' ? `:${instance.instance_id}` : '';
      const built = await timed(phases, 'env', () =>
        memo(this.envs, `${envSpecId(spec)}${perInstance}`, () =>
          this.construct({ spec, notes }, instance, workspace, log),
        ),
      );
      const sandbox = await timed(phases, 'sandbox', () => this.createSandbox(built, workspace, instance));
      let closing: Promise<void> | undefined;
      const close = () => (closing ??= this.release(sandbox, workspace));
      return { sandbox, spec: built.spec, specId: built.specId, close };
    } catch (err) {
      await rm(workspace, { recursive: true, force: true });
      throw err;
    }
  }

  private async construct(
    { spec, notes }: { spec: EnvSpec; notes: string[] },
    instance: TaskInstance,
    workspace: string,
    log: (line: string) => void,
  ): Promise<BuiltEnvironment> {
    const kind = this.options.envCheck ?? 'suite';
    const constructed = await constructWithRecipes({
      cacheDir: this.options.cacheDir,
      subject: { repo: instance.repo, commit: instance.base_commit, instance_id: instance.instance_id },
      start: spec,
      notes,
      files: checkoutFiles(workspace),
      check: kind === 'suite' ? 'suite' : `instance:${instance.instance_id}`,
      steps: {
        build: (tried) => this.build(tried, workspace, log),
        check: (built) => this.check(kind, built, instance),
      },
      ...(this.options.envAttempts ? { maxAttempts: this.options.envAttempts } : {}),
      ...(this.options.envRules ? { rules: pickRules(this.options.envRules) } : {}),
      ...(this.options.envAgent
        ? {
            agent: setupAgentRepair(this.options.envAgent, {
              open: (tried) => this.agentSandbox(tried, instance),
              log,
              env: process.env,
            }),
          }
        : {}),
      log,
    });
    return constructed.built;
  }

  /** Runs a check in sandboxes on fresh checkouts, so the instance's own workspace stays untouched. */
  private check(kind: EnvCheckKind, built: BuiltEnvironment, instance: TaskInstance) {
    const open = async () => {
      const workspace = await this.checkout(instance, () => {});
      try {
        const sandbox = await this.createSandbox(built, workspace, instance);
        return { sandbox, close: () => this.release(sandbox, workspace) };
      } catch (err) {
        await rm(workspace, { recursive: true, force: true });
        throw err;
      }
    };
    const logPrefix = join(this.options.cacheDir, 'logs', `env-check-${built.specId}-${process.pid}`);
    return envChecks[kind](open, {
      spec: built.spec,
      instance,
      timeoutMs: this.options.checkTimeoutMs ?? DEFAULT_CHECK_TIMEOUT_MS,
      logPrefix,
    });
  }

  /** A fresh checkout with the network on and no environment built, where the setup agent tries things. */
  private async agentSandbox(spec: EnvSpec, instance: TaskInstance) {
    const workspace = await this.checkout(instance, () => {});
    const image = chooseBaseImage(spec, this.options.baseImage) ?? baseImageTag();
    const sandbox = await this.provider
      .create({
        repoDir: workspace,
        network: true,
        ...(this.options.provider === 'docker' ? { image } : {}),
        labels: { 'legofactory.instance': instance.instance_id },
      })
      .catch(async (err: unknown) => {
        await rm(workspace, { recursive: true, force: true });
        throw err;
      });
    return { sandbox, close: () => this.release(sandbox, workspace) };
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
    const { cacheDir, baseImage, pip, npmRegistry, buildTimeoutMs } = this.options;
    return envBuilders[this.options.provider](spec, workspace, {
      cacheDir,
      log,
      ...(buildTimeoutMs ? { timeoutMs: buildTimeoutMs } : {}),
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
