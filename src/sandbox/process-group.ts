import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { OutputCollector } from './output.js';
import type { ExecResult } from './sandbox.js';

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
      status = code ?? 128 + (signal ? constants.signals[signal] : 0);
      setTimeout(finish, drainMs);
    });
    child.on('close', finish);
  });
}
