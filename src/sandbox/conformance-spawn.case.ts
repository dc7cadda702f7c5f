import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ConformanceContext } from './conformance.case.js';
import type { Sandbox, SandboxProcess } from './sandbox.js';

/** Everything a process wrote once its output ended. */
async function allOutput(process: SandboxProcess): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.output) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks).toString('utf8');
}

/** Waits until the output so far ends with `suffix`, and returns all of it. */
function outputUntil(process: SandboxProcess, suffix: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const onData = (chunk: Buffer): void => {
      text += chunk.toString('utf8');
      if (!text.endsWith(suffix)) return;
      process.output.off('data', onData);
      resolve(text);
    };
    process.output.on('data', onData);
    process.output.once('end', () => reject(new Error(`output ended before "${suffix}": ${text}`)));
  });
}

/** Reads a file the sandbox's processes write, as text. */
const readText = async (sandbox: Sandbox, path: string): Promise<string> =>
  Buffer.from(await sandbox.readFile(path)).toString('utf8');

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Whether the file's text changes at least twice within `ms`: a loaded machine may run the writer slowly, not never. */
async function beatsWithin(sandbox: Sandbox, path: string, ms: number): Promise<boolean> {
  const seen = new Set<string>();
  for (const deadline = Date.now() + ms; Date.now() < deadline; await pause(50)) {
    const text = await readText(sandbox, path).catch(() => '');
    if (text !== '') seen.add(text);
    if (seen.size >= 3) return true;
  }
  return false;
}

/** Long-lived processes: stdin round trips, cwd and env, exit status, kill, isolation, and what close() ends. */
export function spawnConformance(context: ConformanceContext): void {
  describe('spawn', () => {
    let sandbox: Sandbox;
    beforeAll(async () => {
      ({ sandbox } = await context.open());
    });

    it('answers on its output what it reads on stdin, and exits when stdin ends', async () => {
      const process = await sandbox.spawn('while read -r line; do echo "got $line"; done; exit 4');
      process.stdin.write('one\n');
      expect(await outputUntil(process, 'got one\n')).toBe('got one\n');
      process.stdin.write('two\nthree\n');
      expect(await outputUntil(process, 'got three\n')).toBe('got two\ngot three\n');
      process.stdin.end();
      expect(await process.exited).toBe(4);
    });

    it('runs in the workdir or a given cwd, with spec env and its own, stdout and stderr together', async () => {
      await sandbox.exec('mkdir -p spawned/sub');
      const process = await sandbox.spawn('pwd; echo "$LF_SPEC $LF_BOTH $LF_OWN" >&2', {
        cwd: 'spawned/sub',
        env: { LF_BOTH: 'b', LF_OWN: 'o' },
      });
      // stdout and stderr are two pipes, so lines from both may come in either order.
      const lines = (await allOutput(process)).split('\n').sort();
      expect(lines).toEqual(['', `${sandbox.workdir}/spawned/sub`, 'from-spec b o'].sort());
      expect(await process.exited).toBe(0);
    });

    it('sees the network as exec does', async () => {
      const process = await sandbox.spawn("sed -n '3,$p' /proc/net/dev | cut -d: -f1 | tr -d ' ' | sort");
      const names = (await allOutput(process)).split('\n').filter((name) => name !== '');
      expect(names).toEqual(context.target.isolatesNetwork ? ['lo'] : expect.arrayContaining(['lo']));
    });

    it('kill() ends the process and its background children', async () => {
      // Renamed into place, so that a read never sees the file between truncation and write.
      const beat = 'while :; do date +%s%N > beat.new; mv beat.new beat; sleep 0.05; done';
      const process = await sandbox.spawn(`(${beat}) & echo started; wait`);
      await outputUntil(process, 'started\n');
      expect(await beatsWithin(sandbox, 'beat', 15_000)).toBe(true);
      await process.kill();
      expect(await process.exited).toBe(128 + 9);
      const last = await readText(sandbox, 'beat');
      await pause(300);
      expect(await readText(sandbox, 'beat')).toBe(last);
    });

    it('leaves out the variables named in withoutEnv, from its environment and its /proc entry', async () => {
      const script =
        'echo "${LF_SPEC-unset} $LF_BOTH"; tr "\\0" "\\n" < /proc/$$/environ | grep -c ^LF_SPEC=';
      const process = await sandbox.spawn(script, { withoutEnv: ['LF_SPEC'] });
      expect(await allOutput(process)).toBe('unset from-spec\n0\n');
    });

    it(`${context.target.isolatesPids ? 'cannot' : 'can'} see the host's processes`, async () => {
      const marker = `lf-host-process-${randomUUID()}`;
      const host = spawn('bash', ['-c', 'sleep 300; exit', marker], { stdio: 'ignore' });
      try {
        // Read from a file, so that no process in the sandbox carries the marker in its own arguments.
        await sandbox.writeFile('marker.txt', `${marker}\n`);
        const search = 'grep -l -F -f marker.txt /proc/[0-9]*/cmdline 2>/dev/null | wc -l';
        const process = await sandbox.spawn(search);
        expect(await allOutput(process)).toBe(context.target.isolatesPids ? '0\n' : '1\n');
      } finally {
        host.kill('SIGKILL');
      }
    });

    it('close() ends a process that is still running', async () => {
      const { sandbox: own } = await context.open();
      const process = await own.spawn('echo up; sleep 300');
      await outputUntil(process, 'up\n');
      const started = Date.now();
      await own.close();
      await process.exited;
      expect(Date.now() - started).toBeLessThan(15_000);
      await expect(own.spawn('true')).rejects.toThrow(/closed/);
    });
  });
}
