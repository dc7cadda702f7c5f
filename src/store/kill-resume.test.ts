import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
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
function startWriter(runDir: string): Writer {
  const child = spawn('npx', ['tsx', childScript, runDir, String(itemCount)], {
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
      if (writer.child.exitCode === null) process.kill(-writer.child.pid!, 'SIGKILL');
      const { signal } = await writer.exited;
      if (signal === 'SIGKILL') linesAtKills.push(jsonlLines(runDir).length - 1);
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
  }, 60_000);
});
