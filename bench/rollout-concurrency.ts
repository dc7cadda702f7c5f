import { pathToFileURL } from 'node:url';
import { bubblewrapWorks } from '../src/sandbox/bwrap.js';
import { providers } from '../src/sandbox/index.js';
import { makeTestRepo, removeTestRepo } from '../src/sandbox/test-repo.js';
import type { ScriptedServer } from '../src/llm/scripted-server.js';
import { instantServer, loopSteps } from './agent-loop-kit.js';

/** Agent steps per second with `inFlight` rollouts at once. */
export interface ConcurrencyFigure {
  inFlight: number;
  steps: number;
  seconds: number;
  stepsPerSecond: number;
}

export interface ConcurrencyFigures {
  sandbox: string;
  cores: number;
  results: ConcurrencyFigure[];
}

/** Runs `inFlight` rollouts of `stepsEach` steps at once, each in its own local sandbox. */
async function rolloutsAtOnce(
  server: ScriptedServer,
  repo: string,
  inFlight: number,
  stepsEach: number,
): Promise<ConcurrencyFigure> {
  const provider = providers.local();
  try {
    const sandboxes = await Promise.all(
      Array.from({ length: inFlight }, () => provider.create({ repoDir: repo })),
    );
    const started = performance.now();
    const runs = await Promise.all(sandboxes.map((sandbox) => loopSteps(server, sandbox, stepsEach)));
    const seconds = (performance.now() - started) / 1000;
    const steps = runs.reduce((sum, { run }) => sum + run.steps.length, 0);
    return { inFlight, steps, seconds, stepsPerSecond: steps / seconds };
  } finally {
    await provider.closeAll();
  }
}

/**
 * Steps per second of the agent loop against the instant scripted agent with 32 rollouts in flight,
 * beside 1 in flight measured in the same run: the model is free, so this is the loop and the sandboxes.
 */
export async function benchRolloutConcurrency(inFlight = 32, stepsEach = 20): Promise<ConcurrencyFigures> {
  const repo = await makeTestRepo();
  const server = await instantServer();
  try {
    await rolloutsAtOnce(server, repo, 2, 5);
    const results = [];
    for (const n of [1, inFlight]) results.push(await rolloutsAtOnce(server, repo, n, stepsEach));
    const sandbox = `local${(await bubblewrapWorks()) ? ' (bubblewrap)' : ''}`;
    const { availableParallelism } = await import('node:os');
    return { sandbox, cores: availableParallelism(), results };
  } finally {
    await server.close();
    await removeTestRepo(repo);
  }
}

export function formatRolloutConcurrency(figures: ConcurrencyFigures): string {
  const [one, many] = figures.results;
  const lines = figures.results.map(
    (f) =>
      `rollout-concurrency ${f.inFlight} in flight: ${f.stepsPerSecond.toFixed(1)} steps/s ` +
      `(${f.steps} steps in ${f.seconds.toFixed(2)} s, ${figures.sandbox}, ${figures.cores} cores)`,
  );
  if (one && many)
    lines.push(
      `rollout-concurrency speedup ${many.inFlight} vs 1: ${(many.stepsPerSecond / one.stepsPerSecond).toFixed(2)}x`,
    );
  return lines.join('\n');
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(formatRolloutConcurrency(await benchRolloutConcurrency(Number(process.argv[2] ?? 32))));
}
