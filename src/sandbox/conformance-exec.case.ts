import { createServer, type AddressInfo } from 'node:net';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ConformanceContext } from './conformance.case.js';
import type { Sandbox } from './sandbox.js';

function interfaces(procNetDev: string): string[] {
  return procNetDev
    .split('\n')
    .slice(2)
    .map((line) => line.split(':')[0]!.trim())
    .filter((name) => name !== '')
    .sort();
}

/** Exec behaviour: exit codes, cwd and env, output capture and its cap, timeouts, network. */
export function execConformance(context: ConformanceContext): void {
  describe('exec', () => {
    let sandbox: Sandbox;
    beforeAll(async () => {
      ({ sandbox } = await context.open());
    });

    it('reports exit codes, 128 + signal for a killed command', async () => {
      expect(await sandbox.exec('true')).toMatchObject({
        exitCode: 0,
        output: '',
        timedOut: false,
        truncatedBytes: 0,
      });
      expect((await sandbox.exec('exit 3')).exitCode).toBe(3);
      expect((await sandbox.exec('kill -9 $$')).exitCode).toBe(137);
      expect((await sandbox.exec('true')).durationMs).toBeGreaterThan(0);
    });

    it('runs in the workdir or a given cwd, with spec env overridden by exec env', async () => {
      expect((await sandbox.exec('pwd')).output).toBe(`${sandbox.workdir}\n`);
      await sandbox.exec('mkdir -p sub/deeper');
      expect((await sandbox.exec('pwd', { cwd: 'sub/deeper' })).output).toBe(
        `${sandbox.workdir}/sub/deeper\n`,
      );
      expect((await sandbox.exec('pwd', { cwd: `${sandbox.workdir}/sub` })).output).toBe(
        `${sandbox.workdir}/sub\n`,
      );
      const env = await sandbox.exec('echo "$LF_SPEC $LF_BOTH $LF_EXEC"', {
        env: { LF_BOTH: 'b', LF_EXEC: 'e' },
      });
      expect(env.output).toBe('from-spec b e\n');
    });

    it('captures stdout and stderr together', async () => {
      const result = await sandbox.exec('echo out; echo err >&2; echo more');
      expect(result.output.split('\n').sort()).toEqual(['', 'err', 'more', 'out']);
    });

    it('kills the whole process group on timeout, background children included', async () => {
      const command =
        '(sleep 2; echo late > marker-sub) & bash -c "sleep 2; echo late > marker-bash" & echo started; sleep 60';
      const result = await sandbox.exec(command, { timeoutMs: 1000 });
      expect(result).toMatchObject({ exitCode: null, timedOut: true, output: 'started\n' });
      expect(result.durationMs).toBeGreaterThanOrEqual(1000);
      expect(result.durationMs).toBeLessThan(8000);
      await new Promise((resolve) => setTimeout(resolve, 2500));
      expect((await sandbox.exec('ls marker-* 2>/dev/null | wc -l')).output).toBe('0\n');
    });

    it('keeps head and tail of > 100 MB of output and counts the dropped bytes exactly', async () => {
      const size = 120_000_000;
      const command = `printf 'HEAD\\n'; head -c ${size} /dev/zero | tr '\\0' x; printf '\\nTAIL\\n'`;
      const result = await sandbox.exec(command);
      const dropped = 5 + size + 6 - 1024 * 1024;
      expect(result.exitCode).toBe(0);
      expect(result.truncatedBytes).toBe(dropped);
      expect(result.output.startsWith('HEAD\nxxxx')).toBe(true);
      expect(result.output.endsWith('xxxx\nTAIL\n')).toBe(true);
      expect(result.output).toContain(`\n[... ${dropped} bytes truncated ...]\n`);
      expect(result.output.length).toBe(1024 * 1024 + `\n[... ${dropped} bytes truncated ...]\n`.length);
    });

    it('honours a smaller maxOutputBytes', async () => {
      const result = await sandbox.exec('seq 1 1000', { maxOutputBytes: 10 });
      expect(result.truncatedBytes).toBe(3893 - 10);
      expect(result.output).toBe('1\n2\n3\n[... 3883 bytes truncated ...]\n1000\n');
    });

    it('decodes non-UTF-8 output with replacement characters', async () => {
      const result = await sandbox.exec("printf '\\377\\376 ok \\303\\251\\n'");
      expect(result.output).toBe('\uFFFD\uFFFD ok é\n');
    });
  });

  describe('network', () => {
    it.skipIf(!context.target.isolatesNetwork)(
      'is off by default: only lo, host loopback unreachable',
      async () => {
        const { sandbox } = await context.open();
        expect(interfaces((await sandbox.exec('cat /proc/net/dev')).output)).toEqual(['lo']);
        let connections = 0;
        const server = createServer((socket) => {
          connections += 1;
          socket.destroy();
        });
        await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
        const { port } = server.address() as AddressInfo;
        const result = await sandbox.exec(`exec 3<>/dev/tcp/127.0.0.1/${port} && echo connected`, {
          timeoutMs: 10_000,
        });
        server.close();
        expect(result.exitCode).not.toBe(0);
        expect(result.output).not.toContain('connected');
        expect(connections).toBe(0);
      },
    );

    it('is on with spec.network: an interface besides lo', async () => {
      const { sandbox } = await context.open({ network: true });
      const names = interfaces((await sandbox.exec('cat /proc/net/dev')).output);
      expect(names.filter((name) => name !== 'lo').length).toBeGreaterThan(0);
    });
  });
}
