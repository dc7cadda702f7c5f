import { randomBytes } from 'node:crypto';
import { LegoError } from '../../errors.js';
import { OutputCollector } from '../../sandbox/output.js';
import type { ExecResult, Sandbox, SandboxProcess } from '../../sandbox/sandbox.js';

/**
 * The driver's loop. A request is `TOKEN LENGTH\n` and LENGTH bytes of script (`read -N` counts bytes
 * under LC_ALL=C); the script runs in a subshell, so it cannot change the loop, with stdin from
 * /dev/null, so it cannot eat the requests that follow; then the driver writes NUL, TOKEN, the exit status
 * and a newline. The loop ends when stdin does.
 */
const driverLoop = [
  'while IFS=\' \' read -r __lf_token __lf_length && LC_ALL=C IFS= read -r -N "$__lf_length" __lf_request; do',
  '  ( unset __lf_token __lf_length; eval "$__lf_request" ) < /dev/null 2>&1',
  '  printf \'\\0%s %s\\n\' "$__lf_token" "$?"',
  'done',
].join('\n');

/** How long output may still arrive after the driver exited. */
const drainMs = 100;

/** Bytes after the marker: the exit status (at most 3 digits) and the newline. */
const statusBytes = 4;

/** Splits a response off the driver's output: everything before `\0TOKEN `, then the status line. */
class ResponseReader {
  private held = Buffer.alloc(0);
  readonly output: OutputCollector;

  constructor(
    private readonly marker: Buffer,
    maxOutputBytes: number,
  ) {
    this.output = new OutputCollector(maxOutputBytes);
  }

  /** Takes a chunk; returns the script's exit status once the response is complete. */
  push(chunk: Buffer): number | undefined {
    const data = this.held.length === 0 ? chunk : Buffer.concat([this.held, chunk]);
    const at = data.indexOf(this.marker);
    const end = at === -1 ? -1 : data.indexOf(10, at + this.marker.length);
    if (end !== -1) {
      this.output.push(data.subarray(0, at));
      this.held = Buffer.alloc(0);
      return Number(data.subarray(at + this.marker.length, end).toString('latin1'));
    }
    // Hold back what may be the start of the marker, or the marker with its status still to come.
    const keep = at !== -1 ? data.length - at : Math.min(data.length, this.marker.length + statusBytes);
    this.output.push(data.subarray(0, data.length - keep));
    this.held = Buffer.from(data.subarray(data.length - keep));
    return undefined;
  }

  /** What came of an unfinished response, held-back bytes included. */
  partial(): string {
    this.output.push(this.held);
    this.held = Buffer.alloc(0);
    return this.output.text();
  }
}

interface Pending {
  reader: ResponseReader;
  started: number;
  finish: (result: ExecResult) => void;
  fail: (err: LegoError) => void;
}

/**
 * One bash process kept alive in the sandbox that runs the agent shell's request scripts, so a request
 * costs the fork of a subshell instead of a new sandbox exec (a bubblewrap or docker exec set-up of 7 to
 * 40 ms). Requests run one at a time. A request that outlives its time limit, or a driver that exits,
 * kills the driver: every later request fails with `sandbox_failed`.
 */
export class ShellDriver {
  private pending: Pending | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private ended: string | null = null;

  private constructor(private readonly process: SandboxProcess) {
    process.output.on('data', (chunk: Buffer) => this.onOutput(chunk));
    const drained = new Promise((resolve) => process.output.once('end', resolve));
    void process.exited.then(async (status) => {
      // The last response may still be on its way; a subshell left behind may hold the output open.
      const timeout = new Promise((resolve) => setTimeout(resolve, drainMs, false));
      const emptied = await Promise.race([drained.then(() => true), timeout]);
      this.onExit(`it exited with status ${status ?? 'unknown'}`);
      if (!emptied) await process.kill();
    });
  }

  /** Starts the driver; `withoutEnv` names variables it must not inherit. */
  static async start(sandbox: Sandbox, withoutEnv: string[] = []): Promise<ShellDriver> {
    return new ShellDriver(await sandbox.spawn(driverLoop, { withoutEnv }));
  }

  /** Runs `script` in a fresh subshell of the driver; the same contract as `Sandbox.exec`. */
  exec(script: string, options: { timeoutMs: number; maxOutputBytes: number }): Promise<ExecResult> {
    const run = this.queue.then(() => this.request(script, options));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Ends the driver: stdin closed, then killed if it has not exited within a second. */
  async close(): Promise<void> {
    if (this.ended === null) this.process.stdin.end();
    const exited = await Promise.race([
      this.process.exited.then(() => true),
      new Promise<false>((resolve) => setTimeout(resolve, 1000, false)),
    ]);
    if (!exited) await this.process.kill();
  }

  private request(
    script: string,
    options: { timeoutMs: number; maxOutputBytes: number },
  ): Promise<ExecResult> {
    if (this.ended !== null) return Promise.reject(this.endedError());
    const token = randomBytes(16).toString('hex');
    const reader = new ResponseReader(Buffer.from(`\0${token} `, 'latin1'), options.maxOutputBytes);
    return new Promise<ExecResult>((resolve, reject) => {
      const timer = setTimeout(() => {
        const reason = `a request ran past its ${options.timeoutMs / 1000} s limit`;
        void this.process.kill().then(() => this.onExit(reason));
      }, options.timeoutMs);
      const settle = (): void => {
        clearTimeout(timer);
        this.pending = null;
      };
      this.pending = {
        reader,
        started: performance.now(),
        finish: (result) => (settle(), resolve(result)),
        fail: (err) => (settle(), reject(err)),
      };
      this.process.stdin.write(`${token} ${Buffer.byteLength(script)}\n${script}`);
    });
  }

  private onOutput(chunk: Buffer): void {
    const pending = this.pending;
    // Nothing but a response is ever written; bytes with no request waiting are dropped.
    if (!pending) return;
    const status = pending.reader.push(chunk);
    if (status === undefined) return;
    const { output } = pending.reader;
    pending.finish({
      exitCode: status,
      output: output.text(),
      timedOut: false,
      truncatedBytes: output.truncatedBytes,
      durationMs: performance.now() - pending.started,
    });
  }

  private onExit(reason: string): void {
    if (this.ended !== null) return;
    this.ended = reason;
    const pending = this.pending;
    if (!pending) return;
    const partial = pending.reader.partial().slice(-500);
    pending.fail(this.endedError(partial));
  }

  private endedError(partial = ''): LegoError {
    const tail = partial === '' ? '' : `; it had written: ${partial}`;
    return new LegoError('sandbox_failed', `the agent shell's process ended: ${this.ended}${tail}`);
  }
}
