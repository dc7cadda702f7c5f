import { spawn } from 'node:child_process';
import { access, mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { markedProcesses, sandboxMarker } from '../sandbox/markers.js';
import { makeTestRepo, removeTestRepo } from '../sandbox/test-repo.js';
import { runCli } from './test-cli.js';

const ownerScript = fileURLToPath(new URL('../sandbox/conformance-owner.case.ts', import.meta.url));
const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs a stand-in CLI that opens a local sandbox without namespaces and a long test, then SIGKILLs it. */
async function killedOwner(repo: string): Promise<{ pid: number; marker: string }> {
  const options = JSON.stringify({ bubblewrap: 'off', namespaces: 'off' });
  const owner = spawn(
    process.execPath,
    ['--import', 'tsx', ownerScript, 'local', options, JSON.stringify({ repoDir: repo })],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let text = '';
  owner.stdout.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  while (!(await exists(join(repo, 'owner-started')))) await pause(100);
  owner.kill('SIGKILL');
  await new Promise((resolve) => owner.once('exit', resolve));
  return { pid: owner.pid!, marker: text.split('\n')[0]! };
}

describe('legofactory gc (local)', () => {
  const cleanup: string[] = [];
  afterAll(async () => {
    for (const dir of cleanup) await rm(dir, { recursive: true, force: true });
  });

  it("kills a dead run's sandbox processes and removes its temp dir and workspaces, and keeps a live run's", async () => {
    const repo = await makeTestRepo();
    cleanup.push(repo);
    const cache = await mkdtemp(join(tmpdir(), 'lf-gc-cache-'));
    cleanup.push(cache);
    const { pid, marker } = await killedOwner(repo);
    const strays = await markedProcesses(sandboxMarker, marker);
    expect(strays.size).toBeGreaterThanOrEqual(2);
    const sandboxTmps = (await readdir(tmpdir())).filter((name) => name.startsWith(`lf-sandbox-${pid}-`));
    expect(sandboxTmps.length).toBe(1);
    const dead = join(cache, 'work', `task-${pid}-abc123`);
    const live = join(cache, 'work', `task-${process.pid}-def456`);
    await mkdir(join(dead, 'src'), { recursive: true });
    await mkdir(live, { recursive: true });

    const output = await runCli('gc', '--cache', cache);

    expect((await markedProcesses(sandboxMarker, marker)).size).toBe(0);
    for (const stray of strays.keys()) expect(output).toContain(`killed stray sandbox process ${stray}\n`);
    expect(output).toContain(`removed ${dead}\n`);
    expect(output).toContain(`removed ${join(tmpdir(), sandboxTmps[0]!)}\n`);
    expect(await exists(dead)).toBe(false);
    expect(await exists(join(tmpdir(), sandboxTmps[0]!))).toBe(false);
    expect(await exists(live)).toBe(true);
    await removeTestRepo(repo);
  });
});
