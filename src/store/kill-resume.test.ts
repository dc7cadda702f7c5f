import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isProcessAlive } from '../process-alive.js';
import { openRunStore } from './run-store.js';

const childScript = fileURLToPath(new URL('./kill-resume.child.ts', import.meta.url));
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const itemCount = 200;

interface Writer {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts the writer in its own process group (npx, tsx and node all die together on a group kill). */
function startWriter(runDir: string, ...config: string[]): Writer {
  const child = spawn('npx', ['tsx', childScript, runDir, String(itemCount), ...config], {
    cwd: repoRoot,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, stdout: () => stdout, stderr: () => stderr, exited };
}

async function waitForReady(writer: Writer): Promise<void> {
  while (!writer.stdout().includes('ready\n')) {
    const exited = await Promise.race([writer.exited.then(() => true), sleep(20).then(() => false)]);
    if (exited && !writer.stdout().includes('ready\n'))
      throw new Error(`writer exited before opening the store:\n${writer.stderr()}`);
  }
}

/** SIGKILLs the writer's process group and waits until its node process is gone (its lock is then stale). */
async function killWriter(writer: Writer, runDir: string): Promise<boolean> {
  if (writer.child.exitCode === null) process.kill(-writer.child.pid!, 'SIGKILL');
  const killed = (await writer.exited).signal === 'SIGKILL';
  const holder = Number(readIfPresent(join(runDir, 'writer.lock')));
  while (isProcessAlive(holder)) await sleep(20);
  return killed;
}

function readIfPresent(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

interface Record {
  id: string;
  n: number;
  factor: number;
  padding: string;
}

/** Opens the run as the next writer would (reconciling its JSONL) and returns its lines and done rows. */
function reopened(runDir: string): { lines: Record[]; done: Map<string, number> } {
  const store = openRunStore(runDir);
  try {
    const done = new Map<string, number>();
    for (const item of store.items('crashy'))
      if (item.status === 'done') done.set(item.key, (item.output as Record).factor);
    const text = readFileSync(join(runDir, 'crashy.jsonl'), 'utf8');
    return {
      lines: text
        .split('\n')
        .slice(0, -1)
        .map((line) => JSON.parse(line) as Record),
      done,
    };
  } finally {
    store.close();
  }
}

function jsonlLines(runDir: string): string[] {
  try {
    return readFileSync(join(runDir, 'crashy.jsonl'), 'utf8').split('\n');
  } catch {
    return [];
  }
}

describe('kill -9 and resume', () => {
  it('ends with exactly one JSONL line per item, matching SQLite', async () => {
    const runDir = mkdtempSync(join(tmpdir(), 'lf-kill-'));
    const linesAtKills: number[] = [];
    for (let round = 0; round < 6; round++) {
      const writer = startWriter(runDir);
      await waitForReady(writer);
      await Promise.race([writer.exited, sleep(30 + Math.random() * 270)]);
      if (await killWriter(writer, runDir)) linesAtKills.push(jsonlLines(runDir).length - 1);
    }

    const final = startWriter(runDir);
    expect(await final.exited, final.stderr()).toEqual({ code: 0, signal: null });
    const summary = JSON.parse(final.stdout().split('\n')[1] ?? '');
    expect(summary).toMatchObject({ total: itemCount, failed: 0, interrupted: false });
    expect(summary.done + summary.skipped).toBe(itemCount);

    const text = readFileSync(join(runDir, 'crashy.jsonl'), 'utf8');
    expect(text.endsWith('\n')).toBe(true);
    const lines = text.slice(0, -1).split('\n');
    expect(lines).toHaveLength(itemCount);
    const records = lines.map((line) => JSON.parse(line) as { id: string; n: number; padding: string });
    expect(new Set(records.map((r) => r.id)).size).toBe(itemCount);
    expect(records.every((r) => r.padding.length === r.n * 100)).toBe(true);

    const store = openRunStore(runDir);
    try {
      expect(store.reconciled.get('crashy')).toEqual({
        droppedPartialLine: false,
        appended: 0,
        rewritten: false,
      });
      const done = store.items('crashy').filter((item) => item.status === 'done');
      expect(done).toHaveLength(itemCount);
      expect(done.map((item) => JSON.stringify(item.output))).toEqual(lines);
    } finally {
      store.close();
    }
    expect(linesAtKills.filter((lines) => lines < itemCount).length).toBeGreaterThanOrEqual(3);
  }, 120_000);

  it('loses no finished result when a redo under a changed config is killed and resumed', async () => {
    const runDir = mkdtempSync(join(tmpdir(), 'lf-kill-redo-'));
    const first = startWriter(runDir, '1');
    expect(await first.exited, first.stderr()).toEqual({ code: 0, signal: null });

    const redo = startWriter(runDir, '2', '--redo');
    while (!jsonlLines(runDir).some((line) => line.includes('"factor":2'))) {
      const exited = await Promise.race([redo.exited.then(() => true), sleep(20).then(() => false)]);
      if (exited) throw new Error(`the redo ended before recomputing anything:\n${redo.stderr()}`);
    }
    let kills = Number(await killWriter(redo, runDir));
    const redoneAtKills: number[] = [];
    for (let round = 0; round < 6; round++) {
      const state = reopened(runDir);
      expect(state.done.size).toBe(itemCount);
      expect(state.lines.map((r) => `${r.id}:${r.factor}`).sort()).toEqual(
        [...state.done].map(([id, factor]) => `${id}:${factor}`).sort(),
      );
      redoneAtKills.push([...state.done.values()].filter((factor) => factor === 2).length);
      const writer = startWriter(runDir, '2');
      await waitForReady(writer);
      await Promise.race([writer.exited, sleep(30 + Math.random() * 270)]);
      kills += Number(await killWriter(writer, runDir));
    }

    const oldConfig = startWriter(runDir, '1');
    expect((await oldConfig.exited).code).not.toBe(0);
    expect(oldConfig.stderr()).toMatch(/computed under another config:\n {2}factor: 2 → 1\n/);

    const final = startWriter(runDir, '2');
    expect(await final.exited, final.stderr()).toEqual({ code: 0, signal: null });
    const summary = JSON.parse(final.stdout().split('\n')[1] ?? '');
    expect(summary).toMatchObject({ total: itemCount, failed: 0, interrupted: false });
    expect(summary.done + summary.skipped).toBe(itemCount);
    const text = readFileSync(join(runDir, 'crashy.jsonl'), 'utf8');
    const records = text
      .slice(0, -1)
      .split('\n')
      .map((line) => JSON.parse(line) as Record);
    expect(records).toHaveLength(itemCount);
    expect(new Set(records.map((r) => r.id)).size).toBe(itemCount);
    expect(records.every((r) => r.factor === 2 && r.padding.length === r.n * 100)).toBe(true);
    expect(reopened(runDir).done.size).toBe(itemCount);
    expect(kills).toBeGreaterThanOrEqual(3);
    expect(redoneAtKills[0]).toBeGreaterThan(0);
  }, 240_000);
});
