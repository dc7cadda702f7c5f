import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { LegoError } from '../errors.js';
import { bubblewrapWorks, bwrapArgs, externalGitDirs, type BubblewrapMode } from './bwrap.js';
import { closedError, defaultTimeoutMs, notAFile } from './defaults.js';
import { diffAgainst, readBaseCommit } from './diff.js';
import { ownedPrefix, sandboxTmpPrefix } from './gc-local.js';
import { baseEnvOf } from './local-env.js';
import { execMarker, killMarked, newSandboxMarker, sandboxMarker } from './markers.js';
import {
  parentDeathPrefix,
  unsharePid,
  unshareWorks,
  type NamespaceMode,
  type PidIsolation,
} from './pid-isolation.js';
import { assertWritable, hostPathOf, type LocalRoots } from './local-paths.js';
import { defaultMaxOutputBytes } from './output.js';
import { groupAlive, killGroup, runProcessGroup, spawnProcessGroup } from './process-group.js';
import type {
  ExecOptions,
  ExecResult,
  Sandbox,
  SandboxProcess,
  SandboxSpec,
  SpawnOptions,
} from './sandbox.js';
import { OpenSandboxes, type TrackingProvider } from './tracking.js';

/** Options of the local provider. */
export interface LocalProviderOptions {
  /** Run commands under bubblewrap when it works here (`auto`, the default) or never (`off`). */
  bubblewrap?: BubblewrapMode;
  /** Without bubblewrap: give each command a process namespace with util-linux unshare when it works (`auto`). */
  namespaces?: NamespaceMode;
  /** Where PATH, LANG, LC_ALL, TERM and TZ come from (nothing else of it); defaults to this process's environment. */
  hostEnv?: Record<string, string | undefined>;
}

interface LocalSetup {
  roots: LocalRoots;
  baseEnv: Record<string, string>;
  gitDirs: string[];
  network: boolean;
  isolation: PidIsolation;
  /** Prepended to a namespaced command so that it dies with this process (empty where setpriv is missing). */
  dieWithUs: string[];
  /** The value of LEGOFACTORY_SANDBOX that every process of this sandbox carries. */
  marker: string;
}

/** A sandbox whose workdir is the host checkout itself; commands run as host processes. */
export class LocalSandbox implements Sandbox {
  readonly workdir: string;
  /** Host path of the private temp dir (seen as /tmp under bubblewrap), removed by `close()`. */
  readonly tmpDir: string;
  /** How the sandbox keeps a command's processes together (see `PidIsolation`). */
  readonly isolation: PidIsolation;
  /** The value of LEGOFACTORY_SANDBOX in every process of the sandbox. */
  readonly marker: string;
  private readonly groups = new Set<number>();
  private base: string | null = null;
  private closed = false;

  constructor(
    private readonly setup: LocalSetup,
    private readonly onClose: (sandbox: LocalSandbox) => void = () => {},
  ) {
    this.workdir = setup.roots.workdir;
    this.tmpDir = setup.roots.tmpDir;
    this.isolation = setup.isolation;
    this.marker = setup.marker;
  }

  /** Records the base commit that `diff()` compares against. */
  async init(): Promise<void> {
    this.base = await readBaseCommit((command, options) => this.exec(command, options));
  }

  async exec(command: string, options: ExecOptions = {}): Promise<ExecResult> {
    if (this.closed) throw closedError();
    const id = randomUUID();
    const run = this.process(command, options);
    run.env[execMarker] = id;
    const result = await runProcessGroup({
      ...run,
      timeoutMs: options.timeoutMs ?? defaultTimeoutMs,
      maxOutputBytes: options.maxOutputBytes ?? defaultMaxOutputBytes,
    });
    // Children that left the process group (setsid) and, without a namespace, still run.
    if (result.timedOut) await killMarked(execMarker, id);
    this.forgetFinishedGroups();
    return result;
  }

  spawn(command: string, options: SpawnOptions = {}): Promise<SandboxProcess> {
    if (this.closed) return Promise.reject(closedError());
    const run = this.process(command, options);
    for (const name of options.withoutEnv ?? []) delete run.env[name];
    return Promise.resolve(spawnProcessGroup(run));
  }

  async writeFile(path: string, content: string | Uint8Array): Promise<void> {
    if (this.closed) throw closedError();
    const target = hostPathOf(this.setup.roots, path);
    await assertWritable(this.setup.roots, target, path);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, content);
  }

  async readFile(path: string): Promise<Uint8Array> {
    if (this.closed) throw closedError();
    const target = hostPathOf(this.setup.roots, path);
    const info = await stat(target).catch(() => undefined);
    if (!info) throw notAFile(path, 'no such file');
    if (!info.isFile()) throw notAFile(path, 'not a regular file');
    return new Uint8Array(await readFile(target));
  }

  diff(): Promise<string> {
    if (this.closed) return Promise.reject(closedError());
    return diffAgainst((command, options) => this.exec(command, options), this.base);
  }

  /** Kills every process group the sandbox started (background children included) and removes its /tmp. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.onClose(this);
    for (const pgid of this.groups) killGroup(pgid);
    this.groups.clear();
    await killMarked(sandboxMarker, this.marker);
    await rm(this.tmpDir, { recursive: true, force: true });
  }

  /** Drops groups with no process left, so `close()` never signals a group id the system has reused. */
  private forgetFinishedGroups(): void {
    for (const pgid of this.groups) if (!groupAlive(pgid)) this.groups.delete(pgid);
  }

  /** How to start `command` with bash on the host, in a process namespace of its own where one works. */
  private process(command: string, options: SpawnOptions) {
    const { baseEnv, isolation, dieWithUs } = this.setup;
    const cwd = resolve(this.workdir, options.cwd ?? '.');
    const shell = ['bash', '-c', command];
    const argv =
      isolation === 'bwrap'
        ? [...dieWithUs, 'bwrap', ...bwrapArgs(this.mounts(), cwd), ...shell]
        : isolation === 'unshare'
          ? // bash as the namespace's init runs the command as its child, so `kill $$` works as usual.
            [...dieWithUs, ...unsharePid, 'bash', '-c', '"$@"; exit $?', 'lf-init', ...shell]
          : shell;
    return {
      file: argv[0]!,
      args: argv.slice(1),
      cwd: isolation === 'bwrap' ? '/' : cwd,
      env: { ...baseEnv, ...options.env },
      onStart: (pgid: number) => this.groups.add(pgid),
    };
  }

  private mounts() {
    const { roots, gitDirs, network } = this.setup;
    return { workdir: roots.workdir, tmpDir: roots.tmpDir, envDir: roots.envDir, writable: gitDirs, network };
  }
}

async function checkedDir(path: string, what: string): Promise<string> {
  const absolute = resolve(path);
  const info = await stat(absolute).catch(() => undefined);
  if (!info?.isDirectory()) throw new LegoError('bad_input', `${what} ${absolute} is not a directory`);
  return absolute;
}

async function isolationOf(privateTmp: boolean, namespaces: NamespaceMode): Promise<PidIsolation> {
  if (privateTmp) return 'bwrap';
  return namespaces === 'auto' && (await unshareWorks()) ? 'unshare' : 'marker';
}

/** The local provider: commands run on this host in the checkout, under bubblewrap when it works here. */
export function localProvider(options: LocalProviderOptions = {}): TrackingProvider {
  const hostEnv = options.hostEnv ?? process.env;
  const open = new OpenSandboxes();
  return {
    name: 'local',
    async create(spec: SandboxSpec): Promise<Sandbox> {
      const workdir = await checkedDir(spec.repoDir, 'repoDir');
      const envDir = spec.envDir === undefined ? undefined : await checkedDir(spec.envDir, 'envDir');
      const privateTmp = options.bubblewrap !== 'off' && (await bubblewrapWorks());
      const isolation = await isolationOf(privateTmp, options.namespaces ?? 'auto');
      const tmpDir = await mkdtemp(join(tmpdir(), ownedPrefix(sandboxTmpPrefix)));
      const roots: LocalRoots = { workdir, tmpDir, envDir, privateTmp };
      const marker = newSandboxMarker();
      const dirs = { hostTmp: tmpDir, tmp: privateTmp ? '/tmp' : tmpDir };
      const baseEnv = await baseEnvOf({ ...spec, envDir }, hostEnv, dirs, { [sandboxMarker]: marker });
      const gitDirs = privateTmp ? await externalGitDirs(workdir) : [];
      const dieWithUs = await parentDeathPrefix();
      const setup = { roots, baseEnv, gitDirs, network: spec.network ?? false, isolation, dieWithUs, marker };
      const sandbox = new LocalSandbox(setup, (closed) => open.delete(closed));
      open.add(sandbox);
      try {
        await sandbox.init();
      } catch (err) {
        await sandbox.close();
        throw err;
      }
      return sandbox;
    },
    closeAll: () => open.closeAll(),
  };
}
