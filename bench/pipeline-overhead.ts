/**
 * What `legofactory run` costs over calling the blocks yourself. On warm caches (one full run first), times
 * the quickstart pipeline's chain mine -> validate -> rollout -> sft (examples/quickstart.pipeline.yaml with
 * --stages sft: synth, score and tts are left out to keep the bench within minutes) against the same run
 * functions called directly in one process with the same options, and a no-op re-run (nothing changed)
 * against the full run. Each full run is timed twice (A B B A) and the means are compared. Local sandbox,
 * no model (the gold policy).
 *
 * Usage: tsx bench/pipeline-overhead.ts [CACHE_DIR] (default: a bench cache under the temp dir, kept).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildSftDatasets } from '../src/blocks/sft/build.js';
import { mineRepos } from '../src/blocks/swegen/mine/run-mine.js';
import { validateCandidates } from '../src/blocks/swegen/validate/run-validate.js';
import { runTrajgen } from '../src/blocks/trajgen/run-trajgen.js';
import { hostPipIndexes } from '../src/env/pip-options.js';
import { buildExamplesCached } from '../src/examples/build.js';
import { packageRoot } from '../src/package-root.js';
import { loadPipeline } from '../src/pipeline/load.js';
import { runPipeline } from '../src/pipeline/run-pipeline.js';
import { median } from './median.js';

export interface PipelineOverhead {
  stages: string[];
  pipelineMs: number;
  directMs: number;
  noopMs: number;
}

const workers = 2;

/** The four blocks as the stages call them, with the quickstart file's configs spelled out. */
async function runDirect(outDir: string, cacheDir: string): Promise<void> {
  const repos = Object.fromEntries((await buildExamplesCached(cacheDir)).repos.map((r) => [r.repo, r.path]));
  const tasks = { cacheDir, repos, envOverrides: {}, pip: await hostPipIndexes() };
  const run = { workers, progress: 'off' } as const;
  const mined = await mineRepos({
    repos,
    outPath: join(outDir, 'candidates.jsonl'),
    runDir: join(outDir, 'mine'),
    cacheDir,
    ...run,
  });
  const validated = await validateCandidates({
    candidatesPath: mined.outPath,
    outPath: join(outDir, 'instances.jsonl'),
    runDir: join(outDir, 'validate'),
    sandbox: 'local',
    runs: 3,
    timeoutMs: 600_000,
    tasks: { ...tasks, runId: 'direct-validate' },
    ...run,
  });
  const rolled = await runTrajgen({
    instancesPath: validated.outPath,
    outDir: join(outDir, 'rollout'),
    policy: 'gold',
    format: 'native',
    k: 1,
    concurrency: workers,
    limits: { maxSteps: 100 },
    sandbox: 'local',
    testTimeoutMs: 600_000,
    tasks: { ...tasks, runId: 'direct-rollout' },
    progress: 'off',
  });
  await buildSftDatasets({
    trajectories: [rolled.trajectoriesPath],
    outDir: join(outDir, 'sft'),
    include: 'resolved+partial',
    includeGold: true,
    verifier: true,
    verifierBalance: 'none',
  });
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

export async function benchPipelineOverhead(cacheDir: string): Promise<PipelineOverhead> {
  const root = await mkdtemp(join(tmpdir(), 'lf-bench-pipeline-'));
  try {
    const loaded = await loadPipeline(join(packageRoot(), 'examples', 'quickstart.pipeline.yaml'));
    const pipeline = (outDir: string) =>
      runPipeline(loaded, {
        outDir,
        stages: ['sft'],
        overrides: { sandbox: 'local', workers, cache_dir: cacheDir },
        env: {},
        progress: 'off',
      });
    const warm = await pipeline(join(root, 'warm'));
    // Twice each, in the order A B B A, so a machine that slows down or speeds up weighs on both alike.
    const pipelineA = await timed(() => pipeline(join(root, 'pipeline-1')));
    const directA = await timed(() => runDirect(join(root, 'direct-1'), cacheDir));
    const directB = await timed(() => runDirect(join(root, 'direct-2'), cacheDir));
    const pipelineB = await timed(() => pipeline(join(root, 'pipeline-2')));
    const noopMs = await timed(() => pipeline(join(root, 'pipeline-2')));
    return {
      stages: warm.stages.map((s) => s.name),
      pipelineMs: median([pipelineA, pipelineB]),
      directMs: median([directA, directB]),
      noopMs,
    };
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

export function formatPipelineOverhead(f: PipelineOverhead): string {
  const ratio = f.pipelineMs / f.directMs;
  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  return [
    `pipeline-overhead (${f.stages.join(' -> ')}, local sandbox, gold policy, warm caches):`,
    `  legofactory run ${s(f.pipelineMs)}, the blocks called directly ${s(f.directMs)}: ` +
      `${ratio.toFixed(3)}x (goal <= 1.05x) ${ratio <= 1.05 ? 'ok' : 'OVER'}`,
    `  no-op re-run ${s(f.noopMs)}: ${(f.noopMs / f.pipelineMs).toFixed(3)}x the full run`,
  ].join('\n');
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const cacheDir = process.argv[2] ?? join(tmpdir(), 'lf-bench-pipeline-cache');
  console.log(formatPipelineOverhead(await benchPipelineOverhead(cacheDir)));
}
