import { spawn, type ChildProcess } from 'node:child_process';
import { constants } from 'node:os';
import { PassThrough } from 'node:stream';
import { OutputCollector } from './output.js';
import type { ExecResult, SandboxProcess } from './sandbox.js';

/** One host process to run in its own process group, with a timeout that kills the whole group. */
export interface GroupRun {
  file: string;
  args: string[];
  cwd: string;
  env: Record<string, string>;
  timeoutMs: number;
  maxOutputBytes: number;
  /** Called with the group id once the process runs, so the owner can kill leftovers later. */
  onStart?: (pgid: number) => void;
}

/** How long output may still arrive after the main process exits (background children may hold the pipes). */
const drainMs = 100;

/** Sends SIGKILL to a whole process group; a group that is already gone is fine. */
export function killGroup(pgid: number): void {
  try {
    process.kill(-pgid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/** Whether any process of the group is still running. */
export function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Exit status as a shell reports it: the code, or 128 + N for signal N. */
function statusOf(code: number | null, signal: NodeJS.Signals | null): number {
  return code ?? 128 + (signal ? constants.signals[signal] : 0);
}

/** Starts a process detached (its own session and process group) and leaves it running, stdin open. */
export function spawnProcessGroup(
  run: Pick<GroupRun, 'file' | 'args' | 'cwd' | 'env' | 'onStart'>,
): SandboxProcess {
  const child: ChildProcess = spawn(run.file, run.args, {
    cwd: run.cwd,
    env: run.env,
    detached: true,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const output = new PassThrough();
  let open = 2;
  for (const stream of [child.stdout!, child.stderr!]) {
    stream.pipe(output, { end: false });
    stream.once('close', () => (open -= 1) === 0 && output.end());
  }
  // A write after the process died fails with EPIPE; the caller learns of the death from `exited`.
  child.stdin!.on('error', () => undefined);
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code, signal) => resolve(statusOf(code, signal)));
    child.once('error', (err) => {
      if (!output.writableEnded) output.write(`cannot run ${run.file} in ${run.cwd}: ${err.message}\n`);
      resolve(127);
    });
  });
  if (child.pid !== undefined) run.onStart?.(child.pid);
  return {
    stdin: child.stdin!,
    output,
    exited,
    kill: async () => {
      if (child.pid !== undefined) killGroup(child.pid);
      await exited;
    },
  };
}

/** Runs a process detached (a new session and process group) and never rejects: failures are in the result. */
export function runProcessGroup(run: GroupRun): Promise<ExecResult> {
  const started = performance.now();
  const output = new OutputCollector(run.maxOutputBytes);
  return new Promise((resolve) => {
    const child = spawn(run.file, run.args, {
      cwd: run.cwd,
      env: run.env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let timedOut = false;
    let status: number | null = null;
    let done = false;
    const finish = (): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      child.stdout.destroy();
      child.stderr.destroy();
      resolve({
        exitCode: timedOut ? null : status,
        output: output.text(),
        timedOut,
        truncatedBytes: output.truncatedBytes,
        durationMs: performance.now() - started,
      });
    };
    const timer = setTimeout(() => {
      timedOut = true;
      if (child.pid !== undefined) killGroup(child.pid);
    }, run.timeoutMs);
    if (child.pid !== undefined) run.onStart?.(child.pid);
    child.stdout.on('data', (chunk: Buffer) => output.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => output.push(chunk));
    child.on('error', (err) => {
      output.push(Buffer.from(`cannot run ${run.file} in ${run.cwd}: ${err.message}\n`));
      status = 127;
      finish();
    });
    child.on('exit', (code, signal) => {
      status = statusOf(code, signal);
      setTimeout(finish, drainMs);
    });
    child.on('close', finish);
  });
}
