import { Writable } from 'node:stream';
import type Docker from 'dockerode';
import { OutputCollector } from './output.js';
import type { ExecResult } from './sandbox.js';

/** One command to run in a container. */
export interface DockerRun {
  command: string;
  /** `NAME=value` in the command's environment: what the watchdog and a time-out kill by. */
  marker: string;
  cwd: string;
  env: string[];
  timeoutMs: number;
  maxOutputBytes: number;
}

/** Extra time the host waits past the in-container timeout before it gives up on the exec stream. */
const guardMs = 10_000;
/** Exit status of GNU `timeout -s KILL` when it killed its group (itself included). */
const killedStatus = 137;

/** A bash script that SIGKILLs every process whose environment holds "$1" (`NAME=value`), until none is left. */
export const killMarkedScript =
  'for round in 1 2 3 4 5; do found=; for p in /proc/[0-9]*; do ' +
  'if tr "\\0" "\\n" < $p/environ 2>/dev/null | grep -qxF -- "$1"; then kill -9 ${p#/proc/} 2>/dev/null && found=1; fi; ' +
  'done; [ -z "$found" ] && break; sleep 0.05; done; true';

/**
 * Runs "$2" with bash under GNU timeout ("$1" seconds), which puts it in a process group of its own and,
 * on expiry, SIGKILLs that group. Beside it a watchdog reads the exec's stdin: when the stream closes
 * (the command ended and the host let go, or legofactory died), it kills what still carries the exec's
 * marker "$3", children that left the group with setsid included. The watchdog runs the kill script
 * without the marker, so that it does not kill itself.
 */
const watchedCommand = [
  'exec 3<&0',
  'timeout -s KILL "$1" bash -c "$2" </dev/null 3<&- &',
  'command=$!',
  '{ cat <&3 >/dev/null; env -u "${3%%=*}" bash -c "$4" lf-kill "$3"; } >/dev/null 2>&1 &',
  'exec 3<&-',
  'wait $command 2>/dev/null',
].join('\n');

/** The argv of one exec: `command` under GNU timeout and a watchdog for the processes marked `marker`. */
export function timedArgv(command: string, timeoutMs: number, marker: string): string[] {
  const seconds = Math.max(timeoutMs, 1) / 1000;
  return ['bash', '-c', watchedCommand, 'lf-exec', String(seconds), command, marker, killMarkedScript];
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
    Cmd: timedArgv(run.command, run.timeoutMs, run.marker),
    AttachStdin: true,
    AttachStdout: true,
    AttachStderr: true,
    WorkingDir: run.cwd,
    Env: [...run.env, run.marker],
  });
  // stdin stays open while the exec runs: its closing is the watchdog's signal.
  const stream = await exec.start({ hijack: true, stdin: true });
  const sink = collectorSink(output);
  container.modem.demuxStream(stream, sink, sink);
  const finished = await ended(stream, run.timeoutMs + guardMs);
  (stream as unknown as { destroy(): void }).destroy();
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
