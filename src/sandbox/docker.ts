import { randomUUID } from 'node:crypto';
import { posix } from 'node:path';
import Docker from 'dockerode';
import { LegoError } from '../errors.js';
import { closedError, defaultTimeoutMs } from './defaults.js';
import { diffAgainst } from './diff.js';
import { containerOptions, dockerWorkdir, sandboxFailed, startContainer } from './docker-container.js';
import { ensureDaemon, statusOf } from './docker-daemon.js';
import { dockerExec, killMarkedScript } from './docker-exec.js';
import { dockerSpawn } from './docker-spawn.js';
import { MountedCheckout } from './docker-mount.js';
import { getFile, putFile } from './docker-files.js';
import { execMarker } from './markers.js';
import { defaultMaxOutputBytes } from './output.js';
import type {
  ExecOptions,
  ExecResult,
  Sandbox,
  SandboxProcess,
  SandboxSpec,
  SpawnOptions,
} from './sandbox.js';
import { OpenSandboxes, type TrackingProvider } from './tracking.js';

export { dockerWorkdir };

/** Options of the docker provider. */
export interface DockerProviderOptions {
  docker?: Docker;
  /** Id of the run that owns the sandboxes, recorded in the `legofactory.run` label. */
  runId?: string;
}

/** The docker provider, which also tracks its open sandboxes so an interrupt can close (remove) them all. */
export interface DockerProvider extends TrackingProvider {
  readonly docker: Docker;
}

/** A sandbox backed by one container that keeps running `sleep infinity`; commands run by exec. */
export class DockerSandbox implements Sandbox {
  readonly workdir = dockerWorkdir;
  private base: string | null = null;
  private closed = false;

  constructor(
    readonly container: Docker.Container,
    private readonly checkout: MountedCheckout,
    private readonly onClose: (sandbox: DockerSandbox) => void,
  ) {}

  /** Id of the container. */
  get id(): string {
    return this.container.id;
  }

  /** Records the base commit that `diff()` compares against. */
  async init(): Promise<void> {
    this.base = await this.checkout.head();
  }

  async exec(command: string, options: ExecOptions = {}): Promise<ExecResult> {
    if (this.closed) throw closedError();
    const marker = `${execMarker}=${randomUUID()}`;
    const result = await dockerExec(this.container, {
      command,
      marker,
      ...this.placement(options),
      timeoutMs: options.timeoutMs ?? defaultTimeoutMs,
      maxOutputBytes: options.maxOutputBytes ?? defaultMaxOutputBytes,
    }).catch((err: unknown) => {
      throw sandboxFailed(`exec in container ${this.id.slice(0, 12)} failed`, err);
    });
    // GNU timeout killed its process group; children that left it (setsid) carry the exec's marker.
    if (result.timedOut && !this.closed)
      await this.exec(`bash -c '${killMarkedScript}' lf-kill ${marker}`, { timeoutMs: 10_000 }).catch(
        () => undefined,
      );
    return result;
  }

  async spawn(command: string, options: SpawnOptions = {}): Promise<SandboxProcess> {
    if (this.closed) throw closedError();
    const exec = (kill: string): Promise<ExecResult> => this.exec(kill, { timeoutMs: 10_000 });
    const withoutEnv = options.withoutEnv ?? [];
    return dockerSpawn(this.container, { command, ...this.placement(options), withoutEnv, exec }).catch(
      (err: unknown) => {
        throw sandboxFailed(`starting a process in container ${this.id.slice(0, 12)}`, err);
      },
    );
  }

  async writeFile(path: string, content: string | Uint8Array): Promise<void> {
    if (this.closed) throw closedError();
    const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
    const target = posix.resolve(this.workdir, path);
    if (await this.checkout.write(target, bytes)) return;
    await putFile(this.container, target, bytes).catch((err: unknown) => {
      throw sandboxFailed(`writing ${path}`, err);
    });
  }

  async readFile(path: string): Promise<Uint8Array> {
    if (this.closed) throw closedError();
    const target = posix.resolve(this.workdir, path);
    const local = await this.checkout.read(target);
    if (local !== undefined) return local;
    return getFile(this.container, target, path).catch((err: unknown) => {
      throw sandboxFailed(`reading ${path}`, err);
    });
  }

  diff(): Promise<string> {
    if (this.closed) return Promise.reject(closedError());
    return diffAgainst((command, options) => this.exec(command, options), this.base);
  }

  /** Where an exec runs: its working directory and extra environment, as the Docker API takes them. */
  private placement(options: SpawnOptions): { cwd: string; env: string[] } {
    return {
      cwd: posix.resolve(this.workdir, options.cwd ?? '.'),
      env: Object.entries(options.env ?? {}).map(([key, value]) => `${key}=${value}`),
    };
  }

  /** Removes the container (forced); a container that is already gone is fine. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.onClose(this);
    await this.container.remove({ force: true }).catch((err: unknown) => {
      if (statusOf(err) !== 404) throw sandboxFailed(`removing container ${this.id.slice(0, 12)}`, err);
    });
  }
}

/** The docker provider: one container per sandbox from `spec.image`, the checkout mounted at /testbed. */
export function dockerProvider(options: DockerProviderOptions = {}): DockerProvider {
  const docker = options.docker ?? new Docker();
  const runId = options.runId ?? `pid-${process.pid}`;
  const open = new OpenSandboxes();
  let daemonChecked: Promise<void> | undefined;
  return {
    name: 'docker',
    docker,
    async create(spec: SandboxSpec): Promise<Sandbox> {
      if (spec.image === undefined) throw new LegoError('bad_input', 'the docker sandbox needs spec.image');
      daemonChecked ??= ensureDaemon(docker).catch((err: unknown) => {
        daemonChecked = undefined;
        throw err;
      });
      await daemonChecked;
      const container = await startContainer(docker, containerOptions(spec, spec.image, runId));
      const sandbox = new DockerSandbox(container, new MountedCheckout(spec.repoDir), (closed) =>
        open.delete(closed),
      );
      open.add(sandbox);
      try {
        await sandbox.init();
      } catch (err) {
        await sandbox.close().catch(() => undefined);
        throw err;
      }
      return sandbox;
    },
    closeAll: () => open.closeAll(),
  };
}
