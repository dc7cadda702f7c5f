/** Options for one command run inside a sandbox. */
export interface ExecOptions {
  /** Working directory; relative paths are taken from the sandbox's workdir. */
  cwd?: string;
  env?: Record<string, string>;
  /** Kill the command and every process it started (setsid ones too) after this long. Default 30 minutes. */
  timeoutMs?: number;
  /** Keep at most this many bytes of output (head and tail halves). Default 1 MiB. */
  maxOutputBytes?: number;
}

/** How a command ended. `output` is stdout and stderr interleaved, decoded as UTF-8 with replacement. */
export interface ExecResult {
  exitCode: number | null;
  output: string;
  timedOut: boolean;
  /** Bytes dropped from the middle of the output by the cap. */
  truncatedBytes: number;
  durationMs: number;
}

/** Options for a long-lived process started in a sandbox. */
export interface SpawnOptions {
  /** Working directory; relative paths are taken from the sandbox's workdir. */
  cwd?: string;
  env?: Record<string, string>;
  /** Variables the process must not inherit from the sandbox's environment (its spec's env, say). */
  withoutEnv?: string[];
}

/** A long-lived process in a sandbox, talked to through its stdin and output. */
export interface SandboxProcess {
  /** The process's stdin. */
  readonly stdin: NodeJS.WritableStream;
  /** stdout and stderr interleaved, as raw bytes; it ends when the process is gone. */
  readonly output: NodeJS.ReadableStream;
  /** Settles with the exit status once the process is gone: 128 + N for signal N; null when unknown. */
  readonly exited: Promise<number | null>;
  /** Kills the process and what it started in its process group; one that is gone already is fine. */
  kill(): Promise<void>;
}

/**
 * An isolated workspace holding one repository checkout. Its commands see an allow-listed environment:
 * PATH, HOME, TMPDIR, LANG, LC_ALL, TERM, TZ, the spec's env and the call's env; never the host's other
 * variables (API keys, tokens, proxies). Every command runs in a process namespace of its own where the
 * provider can (see `PidIsolation` for the local one), so nothing it starts outlives a time-out or this process.
 */
export interface Sandbox {
  /** Absolute path of the repository root as commands inside the sandbox see it. */
  readonly workdir: string;
  /** Runs `command` with bash. Never throws for a failing or hung command: that is in the result. */
  exec(command: string, options?: ExecOptions): Promise<ExecResult>;
  /**
   * Starts `command` with bash and leaves it running, with its stdin open to the caller: the way to keep
   * one shell alive across many requests. `close()` kills it too. No timeout and no output cap apply.
   * Where the provider can, the process gets a process namespace of its own (the local one under
   * bubblewrap or unshare; a container is one already), so it cannot see or signal the host's processes.
   */
  spawn(command: string, options?: SpawnOptions): Promise<SandboxProcess>;
  writeFile(path: string, content: string | Uint8Array): Promise<void>;
  readFile(path: string): Promise<Uint8Array>;
  /** `git diff` of the working tree against the base commit, new files included, binary-safe. */
  diff(): Promise<string>;
  close(): Promise<void>;
}

export interface SandboxLimits {
  memoryMb: number;
  pids: number;
  cpus: number;
}

/** What a provider needs to open a sandbox. */
export interface SandboxSpec {
  /** Host path of a prepared git checkout at the base commit; it becomes the sandbox's workdir. */
  repoDir: string;
  /** Docker image to run (docker provider). */
  image?: string;
  /** Host path of a prepared dependency directory (local provider): its bin dirs join PATH. */
  envDir?: string;
  /** Environment variables for every exec (`{repo}` already expanded by the caller). */
  env?: Record<string, string>;
  network?: boolean;
  limits?: Partial<SandboxLimits>;
  /** Labels for the run that owns the sandbox, so interrupts and `gc` can find it. */
  labels?: Record<string, string>;
}

export interface SandboxProvider {
  readonly name: string;
  create(spec: SandboxSpec): Promise<Sandbox>;
}
