import { Writable } from 'node:stream';
import type Docker from 'dockerode';
import { OutputCollector } from './output.js';
import type { ExecResult } from './sandbox.js';

/** One command to run in a container. */
export interface DockerRun {
  command: string;
  cwd: string;
  env: string[];
  timeoutMs: number;
  maxOutputBytes: number;
}

/** Extra time the host waits past the in-container timeout before it gives up on the exec stream. */
const guardMs = 10_000;
/** Exit status of GNU `timeout -s KILL` when it killed its group (itself included). */
const killedStatus = 137;

/**
 * The argv that runs `command` with bash under GNU timeout: timeout puts itself and the command in a new
 * process group and, on expiry, SIGKILLs the whole group, so background children die too.
 */
export function timedArgv(command: string, timeoutMs: number): string[] {
  const seconds = Math.max(timeoutMs, 1) / 1000;
  return ['timeout', '-s', 'KILL', String(seconds), 'bash', '-c', command];
}

function collectorSink(output: OutputCollector): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, callback) {
      output.push(chunk);
      callback();
    },
  });
}

/** Waits for the stream to end; false when the guard fired first. */
function ended(stream: NodeJS.ReadableStream, guard: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), guard);
    const done = (): void => {
      clearTimeout(timer);
      resolve(true);
    };
    stream.once('end', done);
    stream.once('close', done);
    stream.once('error', done);
  });
}

export async function exitCodeOf(exec: Docker.Exec): Promise<number | null> {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const info = await exec.inspect();
    if (!info.Running) return info.ExitCode;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return null;
}

/** Runs one command by exec, demultiplexing stdout and stderr into one capped collector. */
export async function dockerExec(container: Docker.Container, run: DockerRun): Promise<ExecResult> {
  const started = performance.now();
  const output = new OutputCollector(run.maxOutputBytes);
  const exec = await container.exec({
    Cmd: timedArgv(run.command, run.timeoutMs),
    AttachStdout: true,
    AttachStderr: true,
    WorkingDir: run.cwd,
    Env: run.env,
  });
  const stream = await exec.start({ hijack: true, stdin: false });
  const sink = collectorSink(output);
  container.modem.demuxStream(stream, sink, sink);
  const finished = await ended(stream, run.timeoutMs + guardMs);
  if (!finished) (stream as unknown as { destroy(): void }).destroy();
  const code = finished ? await exitCodeOf(exec) : null;
  const durationMs = performance.now() - started;
  const timedOut = !finished || (code === killedStatus && durationMs >= run.timeoutMs);
  return {
    exitCode: timedOut ? null : code,
    output: output.text(),
    timedOut,
    truncatedBytes: output.truncatedBytes,
    durationMs,
  };
}
