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

/** Whether process `pid` is gone or a zombie (no init reaps it in a container that runs `sleep`). */
async function gone(sandbox: Sandbox, pid: string): Promise<boolean> {
  const state = await sandbox.exec(`s=$(cat /proc/${pid}/stat 2>/dev/null) && echo "\${s##*) }" | cut -c1`);
  return ['', 'Z\n'].includes(state.output);
}

/** Long-lived processes: stdin round trips, cwd and env, exit status, kill, and what close() ends. */
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
      const process = await sandbox.spawn('sleep 300 & echo $!; wait');
      const child = (await outputUntil(process, '\n')).trim();
      expect(await gone(sandbox, child)).toBe(false);
      await process.kill();
      expect(await process.exited).toBe(128 + 9);
      expect(await gone(sandbox, child)).toBe(true);
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
