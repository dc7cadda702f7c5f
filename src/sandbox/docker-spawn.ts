import { PassThrough, Writable } from 'node:stream';
import type Docker from 'dockerode';
import { exitCodeOf } from './docker-exec.js';
import type { SandboxProcess } from './sandbox.js';

/** One long-lived process to start in a container. */
export interface DockerSpawn {
  command: string;
  cwd: string;
  env: string[];
  /** Variables the process must not inherit from the container's environment. */
  withoutEnv: string[];
  /** Runs a short command in the same container (to kill the process by its pid there). */
  exec: (command: string) => Promise<unknown>;
}

/**
 * The argv that prints the shell's pid on a line of its own and then becomes `command`: an exec'd
 * process leads its own session and process group, so that pid is also the group to kill.
 */
const pidThenCommand = (command: string, withoutEnv: string[]): string[] => [
  'bash',
  '-c',
  'printf "%s\\n" "$$"; exec env "${@:2}" bash -c "$1"',
  'legofactory-spawn',
  command,
  ...withoutEnv.flatMap((name) => ['-u', name]),
];

/** Forwards stdout to `output` after taking its first line, the pid, off the front. */
function pidReader(output: PassThrough, onPid: (pid: number) => void): Writable {
  let head: Buffer | null = Buffer.alloc(0);
  return new Writable({
    write(chunk: Buffer, _encoding, callback) {
      if (head === null) {
        if (output.write(chunk)) callback();
        else output.once('drain', () => callback());
        return;
      }
      head = Buffer.concat([head, chunk]);
      const newline = head.indexOf(10);
      if (newline !== -1) {
        onPid(Number(head.subarray(0, newline).toString()));
        const rest = head.subarray(newline + 1);
        head = null;
        if (rest.length > 0) output.write(rest);
      }
      callback();
    },
  });
}

/** Starts `run.command` by exec with stdin attached; stdout and stderr come out interleaved. */
export async function dockerSpawn(container: Docker.Container, run: DockerSpawn): Promise<SandboxProcess> {
  const exec = await container.exec({
    Cmd: pidThenCommand(run.command, run.withoutEnv),
    AttachStdin: true,
    AttachStdout: true,
    AttachStderr: true,
    WorkingDir: run.cwd,
    Env: run.env,
  });
  const stream = (await exec.start({ hijack: true, stdin: true })) as unknown as NodeJS.ReadWriteStream & {
    destroy(): void;
  };
  const output = new PassThrough();
  let pid: number | null = null;
  container.modem.demuxStream(
    stream,
    pidReader(output, (read) => (pid = read)),
    output,
  );
  stream.on('error', () => undefined);
  const exited = new Promise<number | null>((resolve) => {
    let settled = false;
    const done = (): void => {
      if (settled) return;
      settled = true;
      output.end();
      resolve(exitCodeOf(exec).catch(() => null));
    };
    stream.once('end', done);
    stream.once('close', done);
  });
  return {
    stdin: stream,
    output,
    exited,
    async kill() {
      if (pid !== null) await run.exec(`kill -KILL -- -${pid} 2>/dev/null`).catch(() => undefined);
      stream.destroy();
      await exited;
    },
  };
}
