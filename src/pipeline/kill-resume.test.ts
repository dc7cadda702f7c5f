import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { sharedCacheDir } from '../blocks/trajgen/test-fixture.js';
import { buildExamplesCached } from '../examples/build.js';
import { isProcessAlive } from '../process-alive.js';
import { mulberry32 } from '../random.js';
import { openRunStore } from '../store/run-store.js';

const childScript = fileURLToPath(new URL('./kill-resume.child.ts', import.meta.url));
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const kills = 10;

interface Child {
  pid: number;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts `legofactory run` (the child script) in its own process group, so a group kill takes all of it. */
function startRun(pipelineFile: string, outDir: string): Child {
  const child = spawn('npx', ['tsx', childScript, pipelineFile, outDir], {
    cwd: repoRoot,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return { pid: child.pid!, stdout: () => stdout, stderr: () => stderr, exited };
}

/** The files called `name` under `dir`; none when a run was killed before it made `dir`. */
function filesNamed(dir: string, name: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((path) => path === name || path.endsWith(`/${name}`))
    .map((path) => join(dir, path));
}

/** SIGKILLs the run's process group, then waits until no writer lock under `outDir` names a live process. */
async function killRun(child: Child, outDir: string): Promise<boolean> {
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // It had already exited.
  }
  const killed = (await child.exited).signal === 'SIGKILL';
  for (const lock of filesNamed(outDir, 'writer.lock')) {
    const holder = Number(readFileSync(lock, 'utf8'));
    while (isProcessAlive(holder)) await sleep(20);
  }
  return killed;
}

async function runToCompletion(pipelineFile: string, outDir: string): Promise<void> {
  const child = startRun(pipelineFile, outDir);
  const exit = await child.exited;
  expect(exit, `${outDir}: ${child.stderr()}`).toEqual({ code: 0, signal: null });
}

/** A record with what legitimately differs between runs taken out: timings and per-run work paths. */
function normalized(record: unknown, outDir: string): string {
  const volatile = new Set(['duration_ms', 'started_at', 'finished_at', 'seconds']);
  return JSON.stringify(record, (key, value: unknown) => {
    if (volatile.has(key)) return undefined;
    if (typeof value !== 'string') return value;
    return value.replaceAll(outDir, '<out>').replace(/\/work\/task-[\w-]+/g, '/work/<task>');
  });
}

const keyOf = (record: Record<string, unknown>) => String(record['trajectory_id'] ?? record['instance_id']);

/**
 * Every stage's output files (the `*.jsonl` at the top of its directory), each as its records by key:
 * `key -> normalized records`, so a lost record misses a key and a duplicated one doubles its list.
 */
function stageOutputs(outDir: string): Record<string, Record<string, string[]>> {
  const pipelineDir = join(outDir, 'kill');
  const outputs: Record<string, Record<string, string[]>> = {};
  for (const stage of ['mine', 'validate', 'rollout', 'sft'])
    for (const file of readdirSync(join(pipelineDir, stage)).filter((f) => f.endsWith('.jsonl'))) {
      const byKey: Record<string, string[]> = {};
      for (const line of readFileSync(join(pipelineDir, stage, file), 'utf8')
        .split('\n')
        .filter(Boolean)) {
        const record = JSON.parse(line) as Record<string, unknown>;
        (byKey[keyOf(record)] ??= []).push(normalized(record, outDir));
      }
      outputs[`${stage}/${file}`] = byKey;
    }
  return outputs;
}

/** Each store under `outDir`: per block, its done keys, and whether its output log holds each done item once. */
function storeContents(outDir: string): Record<string, { done: string[]; logMatches: boolean }> {
  const contents: Record<string, { done: string[]; logMatches: boolean }> = {};
  for (const db of filesNamed(outDir, 'state.sqlite')) {
    const dir = db.slice(0, -'/state.sqlite'.length);
    const store = openRunStore(dir);
    try {
      for (const block of store.blocks()) {
        const done = store.items(block).filter((item) => item.status === 'done');
        const lines = readFileSync(store.outputPath(block), 'utf8').split('\n').filter(Boolean);
        contents[`${dir.slice(outDir.length)}:${block}`] = {
          // A reduce stage's key is the digest of its input files, whose timings differ from run to run.
          done: done.map((item) => item.key.replace(/^[0-9a-f]{64}$/, '<input digest>')).sort(),
          logMatches:
            JSON.stringify(lines.sort()) ===
            JSON.stringify(done.map((item) => JSON.stringify(item.output)).sort()),
        };
      }
    } finally {
      store.close();
    }
  }
  return contents;
}

describe('a multi-stage pipeline killed with SIGKILL at random moments', () => {
  let root: string;
  let pipelineFile: string;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'lf-pipeline-kill-'));
    const examples = await buildExamplesCached(sharedCacheDir);
    const mathkit = examples.repos.find((r) => r.repo.endsWith('/mathkit'))!;
    pipelineFile = join(root, 'kill.yaml');
    await writeFile(
      pipelineFile,
      [
        'name: kill',
        `repos: [${JSON.stringify(`${mathkit.repo}=${mathkit.path}`)}]`,
        `defaults: { sandbox: local, workers: 2, cache_dir: ${JSON.stringify(sharedCacheDir)} }`,
        'stages:',
        '  mine: { block: swegen-mine, config: { max_commits: 3 } }',
        '  validate: { block: swegen-validate, from: [mine], config: { runs: 1 } }',
        '  rollout: { block: trajgen-rollout, from: [validate], config: { policy: gold } }',
        '  sft: { block: sft-build, from: [rollout], config: { include: resolved+partial, include_gold: true } }',
        '',
      ].join('\n'),
    );
  });

  it(
    'ends, after each kill and a rerun, with every stage holding exactly the uninterrupted run’s records',
    { timeout: 1_500_000 },
    async () => {
      const referenceDir = join(root, 'reference');
      const started = performance.now();
      await runToCompletion(pipelineFile, referenceDir);
      const referenceMs = performance.now() - started;
      const reference = stageOutputs(referenceDir);
      const referenceStores = storeContents(referenceDir);
      expect(Object.keys(reference).sort()).toEqual([
        'mine/candidates.jsonl',
        'rollout/trajectories.jsonl',
        'sft/ordered.jsonl',
        'sft/stage-1.jsonl',
        'sft/stage-2.jsonl',
        'sft/stage-3.jsonl',
        'validate/instances.jsonl',
      ]);
      const doneCounts = (stores: ReturnType<typeof storeContents>) =>
        Object.fromEntries(Object.entries(stores).map(([store, { done }]) => [store, done.length]));
      // max_commits 3 on mathkit: three candidates, each validated (with its gold gate) and rolled out;
      // sft-build is one reduce item.
      expect(doneCounts(referenceStores)).toEqual({
        '/kill/mine/run:swegen-mine': 1,
        '/kill/validate/run:swegen-validate': 3,
        '/kill/validate/run/gate:eval': 3,
        '/kill/rollout:trajectories': 3,
        '/kill/sft.run:sft-build': 1,
      });

      const seed = Number(process.env['LF_KILL_SEED'] ?? Date.now() % 2 ** 31);
      const random = mulberry32(seed);
      // Spread over the first 70% of the reference's time: later runs find the environments built and finish
      // sooner, and a kill after a run has ended is no kill.
      const delays = Array.from({ length: kills }, () => Math.round(random() * referenceMs * 0.7));
      // Printed so a failing kill can be replayed: LF_KILL_SEED=<seed> npx vitest run <this file>.
      console.log(
        `pipeline kill-resume: seed ${seed}, reference ${Math.round(referenceMs)} ms, kills at ${delays.join(', ')} ms`,
      );
      let killed = 0;
      for (const [round, delay] of delays.entries()) {
        const outDir = join(root, `round-${round}`);
        const child = startRun(pipelineFile, outDir);
        await Promise.race([child.exited, sleep(delay)]);
        killed += Number(await killRun(child, outDir));
        await runToCompletion(pipelineFile, outDir);
        const context = `seed ${seed}, round ${round}, killed at ${delay} ms`;
        expect(stageOutputs(outDir), context).toEqual(reference);
        const stores = storeContents(outDir);
        expect(stores, context).toEqual(referenceStores);
        expect(
          Object.values(stores).every((store) => store.logMatches),
          context,
        ).toBe(true);
      }
      expect(killed).toBeGreaterThanOrEqual(kills - 2);
    },
  );
});
