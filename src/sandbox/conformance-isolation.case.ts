import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ConformanceContext } from './conformance.case.js';
import { markedProcesses, sandboxMarker } from './markers.js';
import type { Sandbox, SandboxProcess } from './sandbox.js';

/** Host variables a sandboxed command may see with the host's value, and those its shell sets itself. */
const allowed = new Set([
  'PATH',
  'HOME',
  'LANG',
  'LC_ALL',
  'TERM',
  'TZ',
  'TMPDIR',
  'PWD',
  'OLDPWD',
  'SHLVL',
  '_',
]);

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function parseEnv(dump: string): Map<string, string> {
  const entries = dump.split('\0').filter((entry) => entry.includes('='));
  return new Map(
    entries.map((entry) => [entry.slice(0, entry.indexOf('=')), entry.slice(entry.indexOf('=') + 1)]),
  );
}

async function spawnedOutput(process: SandboxProcess): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.output) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks).toString('utf8');
}

/** Host variables that reached the sandbox with their host value, allow-listed ones aside. */
function leaked(seen: Map<string, string>): string[] {
  return Object.entries(process.env)
    .filter(([name, value]) => !allowed.has(name) && value !== undefined && seen.get(name) === value)
    .map(([name]) => name);
}

const readText = async (sandbox: Sandbox, path: string): Promise<string> =>
  Buffer.from(await sandbox.readFile(path)).toString('utf8');

async function waitFor(check: () => Promise<boolean>, ms: number): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end; await pause(100)) if (await check()) return true;
  return check();
}

/** The file that runs a stand-in CLI owning one sandbox. */
const ownerScript = join(fileURLToPath(new URL('.', import.meta.url)), 'conformance-owner.case.ts');

/** Secrets and processes: an allow-listed environment, and no process outliving a time-out or its owner. */
export function isolationConformance(context: ConformanceContext): void {
  describe('isolation', () => {
    it("shows commands none of the host's variables but the allow-list, secrets least of all", async () => {
      const secret = `lf-secret-${randomUUID()}`;
      const saved = {
        OPENAI_API_KEY: process.env.OPENAI_API_KEY,
        LF_RANDOM_SECRET: process.env.LF_RANDOM_SECRET,
      };
      process.env.OPENAI_API_KEY = `sk-${secret}`;
      process.env.LF_RANDOM_SECRET = secret;
      try {
        const { sandbox } = await context.open({}, context.target.provider());
        const execDump = (await sandbox.exec('env -0')).output;
        const spawnDump = await spawnedOutput(await sandbox.spawn('env -0'));
        for (const dump of [execDump, spawnDump]) {
          expect(dump).not.toContain(secret);
          const seen = parseEnv(dump);
          expect(leaked(seen)).toEqual([]);
          expect(seen.get('LF_SPEC')).toBe('from-spec');
          expect(seen.has('PATH') && seen.has('HOME')).toBe(true);
        }
      } finally {
        for (const [name, value] of Object.entries(saved))
          if (value === undefined) delete process.env[name];
          else process.env[name] = value;
      }
    });

    it('kills a child that left the process group (setsid) at the time-out', async () => {
      const { sandbox } = await context.open();
      const beat = "setsid sh -c 'while :; do date +%s%N > hb; sleep 0.2; done' &";
      const result = await sandbox.exec(`${beat} echo started; sleep 60`, { timeoutMs: 1500 });
      expect(result).toMatchObject({ timedOut: true, exitCode: null, output: 'started\n' });
      const last = await readText(sandbox, 'hb');
      await pause(800);
      expect(await readText(sandbox, 'hb')).toBe(last);
    });

    it('leaves no process of a test run behind when its owner is killed with SIGKILL', async () => {
      const { spec, repo } = await context.open();
      const { provider, options } = context.target.owner;
      const owner = spawn(
        process.execPath,
        ['--import', 'tsx', ownerScript, provider, JSON.stringify(options), JSON.stringify(spec)],
        { stdio: ['ignore', 'pipe', 'inherit'] },
      );
      const marker = await new Promise<string>((resolve, reject) => {
        let text = '';
        owner.stdout.on('data', (chunk: Buffer) => {
          text += chunk.toString('utf8');
          if (text.includes('\n')) resolve(text.split('\n')[0]!);
        });
        owner.once('exit', (code) =>
          reject(new Error(`the owner exited (${code}) before opening a sandbox`)),
        );
      });
      expect(marker).toMatch(/^\d+\.[0-9a-f-]{36}$/);
      const started = () =>
        access(join(repo, 'owner-started')).then(
          () => true,
          () => false,
        );
      expect(await waitFor(started, 60_000)).toBe(true);
      const survivors = async () => [...(await markedProcesses(sandboxMarker, marker)).keys()];
      expect((await survivors()).length).toBeGreaterThanOrEqual(2);
      owner.kill('SIGKILL');
      await new Promise((resolve) => owner.once('exit', resolve));
      await context.target.reapOrphans?.();
      await waitFor(async () => (await survivors()).length === 0, 5000);
      expect(await survivors()).toEqual([]);
    });
  });
}
