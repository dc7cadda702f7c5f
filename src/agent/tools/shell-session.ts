import { randomBytes } from 'node:crypto';
import { LegoError } from '../../errors.js';
import { defaultMaxOutputBytes } from '../../sandbox/output.js';
import type { ExecResult, Sandbox } from '../../sandbox/sandbox.js';
import { ShellDriver } from './shell-driver.js';
import { initScript, parseInit, secretNames } from './shell-init.js';
import { parseReport } from './shell-report.js';
import { StateRestore } from './shell-restore.js';
import {
  interruptScript,
  killAllScript,
  launchScript,
  waitScript,
  type SessionFiles,
} from './shell-scripts.js';

/** How a shell request ended: a command finished or still runs; or no command was there to act on. */
export type ShellState = 'done' | 'running' | 'gone' | 'rejected' | 'idle';

/** What one shell request reports. Output is raw (untruncated up to the exec cap). */
export interface ShellResult {
  state: ShellState;
  /** The command's exit status when `done`; -1 while it still runs; null otherwise. */
  exitCode: number | null;
  output: string;
  /** The working directory after the command (when it finished), else the last known one. */
  cwd: string;
  python: string | null;
  /** The command that is still running (for `rejected` and `running`). */
  runningCommand?: string;
}

export interface ShellSessionOptions {
  /** Extra environment variable names to keep out of the shell, beside the secret-looking ones. */
  secretNames?: string[];
  /** Bytes of output kept per request (head and tail halves); default 256 KiB. */
  maxOutputBytes?: number;
}

const systemPath = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** Extra time a shell request gets beyond the command's own limit before the sandbox counts as stuck. */
const execMarginMs = 60_000;

/** A command the session started, with the directory it started in. */
export interface ShellCommand {
  command: string;
  cwd: string;
}

interface Job {
  n: number;
  command: string;
  offset: number;
}

/**
 * A persistent bash session on top of one live driver process in the sandbox (see ShellDriver): the working directory, exported variables and
 * functions survive between commands; a command that outlives its time limit keeps running, and the
 * session refuses new commands until it ends or is interrupted, as OpenHands' terminal does.
 */
export class ShellSession {
  private jobs = 0;
  /** Every command started, in order. */
  readonly history: ShellCommand[] = [];
  private running: Job | null = null;
  private cwd: string;

  private readonly files: SessionFiles;

  private constructor(
    private readonly sandbox: Sandbox,
    private readonly driver: ShellDriver,
    dir: string,
    private readonly execEnvNames: string[],
    private readonly restore: StateRestore,
    private readonly maxOutputBytes: number,
  ) {
    this.cwd = sandbox.workdir;
    // A report keeps its head half under the exec's cap; the state must fit there with room to spare.
    this.files = { dir, reportedStateBytes: Math.min(65536, Math.floor(maxOutputBytes / 4)) };
  }

  /**
   * Opens a session in the sandbox's workdir. Secret-looking variables never reach its process, so no
   * command can find them in its own environment or in its parents' `/proc/PID/environ`.
   */
  static async start(sandbox: Sandbox, options: ShellSessionOptions = {}): Promise<ShellSession> {
    const token = randomBytes(6).toString('hex');
    const names = await sandbox.exec('compgen -e', { timeoutMs: execMarginMs });
    if (names.exitCode !== 0)
      throw new LegoError('sandbox_failed', `could not list the sandbox's environment: ${names.output}`);
    const hidden = secretNames(names.output.split('\n'), options.secretNames ?? []);
    const driver = await ShellDriver.start(sandbox, hidden);
    const maxOutputBytes = options.maxOutputBytes ?? 256 * 1024;
    const init = await driver
      .exec(initScript(sandbox.workdir, token), {
        timeoutMs: execMarginMs,
        maxOutputBytes: defaultMaxOutputBytes,
      })
      .then((result) => {
        const parsed = result.exitCode === 0 ? parseInit(result.output) : null;
        if (!parsed)
          throw new LegoError('sandbox_failed', `could not start the agent shell: ${initFailure(result)}`);
        return parsed;
      })
      .catch(async (err: unknown) => {
        await driver.close();
        throw err;
      });
    const { dir, execEnvNames, base, saved } = init;
    const restore = new StateRestore(execEnvNames, new Set(base), saved);
    return new ShellSession(sandbox, driver, dir, execEnvNames, restore, maxOutputBytes);
  }

  get busy(): boolean {
    return this.running !== null;
  }

  /** Runs a new command for up to `seconds`; refused while an earlier one still runs. */
  async run(command: string, seconds: number): Promise<ShellResult> {
    if (this.running && (await this.stillRunning())) return this.refusal('rejected');
    const job = { n: ++this.jobs, command, offset: 0 };
    this.history.push({ command, cwd: this.cwd });
    const restore = this.restore.restoreScript();
    const script = launchScript(this.files, this.execEnvNames, job.n, command, seconds, restore);
    return this.track(job, await this.exec(script, seconds));
  }

  /** Whether the running command still runs (it may have ended since it was last looked at). */
  private async stillRunning(): Promise<boolean> {
    const job = this.running!;
    const shown = job.offset;
    if ((await this.wait(0.01)).state !== 'running') return false;
    job.offset = shown; // the output read by this look stays unshown until the agent asks for it
    return true;
  }

  /** Waits up to `seconds` more for the running command and returns its new output. */
  async wait(seconds: number): Promise<ShellResult> {
    const job = this.running;
    if (!job) return this.refusal('idle');
    return this.track(job, await this.exec(waitScript(this.files, job.n, seconds, job.offset), seconds));
  }

  /** Interrupts the running command (SIGINT to its process group, then SIGKILL). */
  async interrupt(): Promise<ShellResult> {
    const job = this.running;
    if (!job) return this.refusal('idle');
    return this.track(job, await this.exec(interruptScript(this.files, job.n, 2, job.offset), 5));
  }

  /**
   * Runs a helper script (not a model command) with the shell's environment scrubbed the same way: the
   * exec's own variables are dropped and PATH is the system default, so helpers can read no secrets.
   */
  helperExec(
    script: string,
    options: { timeoutMs?: number; maxOutputBytes?: number } = {},
  ): Promise<ExecResult> {
    const scrub = `unset ${this.execEnvNames.join(' ')} 2>/dev/null; export PATH=${systemPath}`;
    return this.driver.exec(`${scrub}\n${script}`, {
      timeoutMs: options.timeoutMs ?? execMarginMs,
      maxOutputBytes: options.maxOutputBytes ?? defaultMaxOutputBytes,
    });
  }

  /**
   * Kills every process the session started, through the driver: job pids belong to its process
   * namespace. A dead driver took its namespace's processes with it, where it had one of its own.
   */
  async close(): Promise<void> {
    const limits = { timeoutMs: 30_000, maxOutputBytes: 4096 };
    if (this.jobs > 0) await this.driver.exec(killAllScript(this.files.dir), limits).catch(() => undefined);
    await this.driver.close();
  }

  private refusal(state: 'rejected' | 'idle'): ShellResult {
    const runningCommand = this.running?.command;
    return {
      state,
      exitCode: null,
      output: '',
      cwd: this.cwd,
      python: null,
      ...(runningCommand !== undefined ? { runningCommand } : {}),
    };
  }

  private exec(script: string, seconds: number): Promise<ExecResult> {
    return this.driver.exec(script, {
      timeoutMs: seconds * 1000 + execMarginMs,
      maxOutputBytes: this.maxOutputBytes,
    });
  }

  private track(job: Job, result: ExecResult): ShellResult {
    const parsed = parseReport(result.output);
    if (parsed === null)
      throw new LegoError(
        'sandbox_failed',
        `the agent shell answered garbage: ${result.output.slice(0, 300)}`,
      );
    const { state, size, exitCode, cwd, python, output, saved } = parsed;
    if (cwd) this.cwd = cwd;
    if (saved !== undefined) this.restore.update(saved);
    if (state === 'running') {
      job.offset = size ?? job.offset;
      this.running = job;
      return { state, exitCode: -1, output, cwd: this.cwd, python, runningCommand: job.command };
    }
    this.running = null;
    return { state, exitCode: state === 'done' ? exitCode : null, output, cwd: this.cwd, python };
  }
}

/** What a failed init printed, without the environment it lists. */
function initFailure(result: ExecResult): string {
  const lines = result.output.split(/[\n\0]/).filter((line) => line !== '' && !line.startsWith('declare -'));
  return lines.join('\n').slice(-500);
}
