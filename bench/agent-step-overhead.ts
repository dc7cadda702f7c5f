import { pathToFileURL } from 'node:url';
import Docker from 'dockerode';
import { ensureBaseImage } from '../src/env/base-image.js';
import { bubblewrapWorks } from '../src/sandbox/bwrap.js';
import { ensureDaemon } from '../src/sandbox/docker-daemon.js';
import { providers } from '../src/sandbox/index.js';
import type { Sandbox } from '../src/sandbox/sandbox.js';
import type { TrackingProvider } from '../src/sandbox/tracking.js';
import { makeTestRepo, removeTestRepo } from '../src/sandbox/test-repo.js';
import type { ScriptedServer } from '../src/llm/scripted-server.js';
import { instantServer, loopSteps } from './agent-loop-kit.js';
import { median } from './median.js';

/** Medians, in ms, of one agent step and one raw `exec("true")` in the same sandbox. */
export interface StepOverhead {
  sandbox: string;
  steps: number;
  stepMs: number;
  rawExecMs: number;
  ratio: number;
  /** The parts of a step: the model call and the tool call. */
  modelMs: number;
  toolMs: number;
}

export interface StepOverheadFigures {
  results: StepOverhead[];
  dockerSkipped?: string;
}

async function rawExecs(sandbox: Sandbox, runs: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const started = performance.now();
    await sandbox.exec('true');
    times.push(performance.now() - started);
  }
  return times;
}

/** Interleaves rounds of agent steps and raw execs in one sandbox, so drift hits both alike. */
async function measure(
  name: string,
  server: ScriptedServer,
  sandbox: Sandbox,
  rounds: number,
  perRound: number,
): Promise<StepOverhead> {
  await loopSteps(server, sandbox, 10);
  await rawExecs(sandbox, 10);
  const [steps, raw, model, tool] = [[], [], [], []] as [number[], number[], number[], number[]];
  for (let round = 0; round < rounds; round += 1) {
    const { run, stepMs } = await loopSteps(server, sandbox, perRound);
    steps.push(...stepMs);
    model.push(...run.steps.map((step) => step.model_ms));
    tool.push(...run.steps.map((step) => step.duration_ms));
    raw.push(...(await rawExecs(sandbox, perRound)));
  }
  const [stepMs, rawExecMs] = [median(steps), median(raw)];
  return {
    sandbox: name,
    steps: steps.length,
    stepMs,
    rawExecMs,
    ratio: stepMs / rawExecMs,
    modelMs: median(model),
    toolMs: median(tool),
  };
}

async function inProvider<T>(
  provider: TrackingProvider,
  spec: Parameters<TrackingProvider['create']>[0],
  use: (s: Sandbox) => Promise<T>,
): Promise<T> {
  const sandbox = await provider.create(spec);
  try {
    return await use(sandbox);
  } finally {
    await provider.closeAll();
  }
}

/**
 * The agent loop's per-step wall time (a model call to the instant scripted agent, `execute_bash true`
 * on the persistent shell, bookkeeping) against a raw sandbox exec of `true`: local sandbox (under
 * bubblewrap when it works here), and docker when a daemon answers.
 */
export async function benchAgentStepOverhead(rounds = 10, perRound = 20): Promise<StepOverheadFigures> {
  const repo = await makeTestRepo();
  const server = await instantServer();
  const figures: StepOverheadFigures = { results: [] };
  try {
    const local = `local${(await bubblewrapWorks()) ? ' (bubblewrap)' : ''}`;
    figures.results.push(
      await inProvider(providers.local(), { repoDir: repo }, (s) =>
        measure(local, server, s, rounds, perRound),
      ),
    );
    try {
      const docker = new Docker();
      await ensureDaemon(docker, 3000);
      const spec = { repoDir: repo, image: await ensureBaseImage(docker) };
      figures.results.push(
        await inProvider(providers.docker({ docker, runId: 'bench' }), spec, (s) =>
          measure('docker', server, s, rounds, perRound),
        ),
      );
    } catch (err) {
      figures.dockerSkipped = err instanceof Error ? err.message.split('\n')[0] : String(err);
    }
    return figures;
  } finally {
    await server.close();
    await removeTestRepo(repo);
  }
}

export function formatStepOverhead(figures: StepOverheadFigures): string {
  const lines = figures.results.map(
    (f) =>
      `agent-step-overhead ${f.sandbox}: median step ${f.stepMs.toFixed(1)} ms vs raw sandbox exec ` +
      `${f.rawExecMs.toFixed(1)} ms = ${f.ratio.toFixed(2)}x over ${f.steps} steps (goal <= 1.3x) ` +
      `${f.ratio <= 1.3 ? 'ok' : 'MISSED'}; parts: model call ${f.modelMs.toFixed(1)} ms, tool ${f.toolMs.toFixed(1)} ms`,
  );
  if (figures.dockerSkipped)
    lines.push(`agent-step-overhead docker: not measured (${figures.dockerSkipped})`);
  return lines.join('\n');
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(formatStepOverhead(await benchAgentStepOverhead(Number(process.argv[2] ?? 10))));
}
