import { join } from 'node:path';
import Docker from 'dockerode';
import { buildExamples } from '../examples/build.js';
import { runEval, type EvalRunResult } from './blocks/eval/run-eval.js';
import { ttsExample, type TtsExampleResult } from './blocks/eval/tts/quickstart.js';
import { buildExampleSft, type ExampleSftResult } from './blocks/sft/quickstart.js';
import { mineAndValidateExamples, type ExamplesYield } from './blocks/swegen/examples.js';
import { synthesizeExamples, type SynthRunResult } from './blocks/swegen/synth/index.js';
import {
  rolloutExamples,
  type ExampleRolloutResult,
  type ModelEndpoint,
} from './blocks/trajgen/quickstart.js';
import type { PipOptions } from './env/pip-options.js';
import type { ProgressMode } from './progress.js';
import { bubblewrapWorks, ensureDaemon, type ProviderName } from './sandbox/index.js';

export interface QuickstartOptions {
  /** Examples, run directories and the cache go below this directory. */
  outDir: string;
  sandbox: ProviderName | 'auto';
  workers: number;
  pip?: PipOptions;
  /** A model endpoint for the rollouts; without one the gold policy replays the reference patches. */
  endpoint?: ModelEndpoint;
  signal?: AbortSignal;
  progress?: ProgressMode;
  log: (line: string) => void;
}

export interface QuickstartResult {
  sandbox: ProviderName;
  sandboxReason: string;
  runs: { predictions: 'gold' | 'empty'; result: EvalRunResult }[];
  /** Real instances mined from the examples' history and validated; absent when interrupted first. */
  swegen?: ExamplesYield;
  /** Synthetic instances planted in the examples (procedural and combine; the LLM strategies with a model). */
  synth?: SynthRunResult;
  /** Trajectories rolled out on the validated instances, and which policy made them. */
  trajgen?: ExampleRolloutResult;
  /** SWE-Lego SFT datasets (and verifier data) built from those trajectories. */
  sft?: ExampleSftResult;
  /** The test-time-scaling report: k rollouts with a verifier, or the baselines without a model. */
  tts?: TtsExampleResult;
}

async function localIsolation(): Promise<string> {
  return (await bubblewrapWorks())
    ? 'commands run under bubblewrap, without network'
    : 'bubblewrap is missing or cannot run here, so commands run unconfined on this host';
}

/** `auto` picks docker when a daemon answers, local otherwise; says why, and how local is confined. */
export async function chooseSandbox(
  choice: ProviderName | 'auto',
): Promise<{ name: ProviderName; reason: string }> {
  if (choice === 'docker') return { name: 'docker', reason: 'chosen with --sandbox' };
  if (choice === 'local')
    return { name: 'local', reason: `chosen with --sandbox; ${await localIsolation()}` };
  try {
    await ensureDaemon(new Docker(), 3000);
    return { name: 'docker', reason: 'a Docker daemon answered' };
  } catch (err) {
    const why = (err as Error).message.split('\n')[0];
    return { name: 'local', reason: `no Docker daemon answered (${why}); ${await localIsolation()}` };
  }
}

/** What every quickstart stage shares. */
interface StageContext {
  options: QuickstartOptions;
  sandbox: ProviderName;
  repos: Record<string, string>;
  cacheDir: string;
  /** The abort signal, pip indexes and progress mode, as every run function takes them. */
  common: { signal?: AbortSignal; pip?: PipOptions; progress: ProgressMode };
}

async function evaluateBaselines(
  ctx: StageContext,
  instancesPath: string,
): Promise<QuickstartResult['runs']> {
  const runs: QuickstartResult['runs'] = [];
  const { pip, ...common } = ctx.common;
  for (const predictions of ['gold', 'empty'] as const) {
    if (ctx.common.signal?.aborted) break;
    ctx.options.log(`evaluating ${predictions} predictions`);
    const result = await runEval({
      instancesPath,
      predictions,
      outDir: join(ctx.options.outDir, 'runs'),
      runId: `quickstart-${ctx.sandbox}-${predictions}`,
      workers: ctx.options.workers,
      sandbox: ctx.sandbox,
      timeoutMs: 600_000,
      scope: 'test_files',
      tasks: {
        cacheDir: ctx.cacheDir,
        repos: ctx.repos,
        envOverrides: {},
        runId: `quickstart-${predictions}`,
        ...(pip ? { pip } : {}),
      },
      ...common,
    });
    runs.push({ predictions, result });
  }
  return runs;
}

/**
 * The main job on the embedded default: builds the example repositories and their environments,
 * evaluates gold and empty predictions on their hand-checked instances, mines the examples' history and
 * validates the candidates into instances (the yield ledger), plants synthetic bugs and validates them
 * (procedural and combine; the LLM strategies too with a model endpoint), rolls out trajectories on the validated
 * instances (with the configured model endpoint, else the gold policy), builds SFT datasets from them, and
 * reports test-time scaling (k rollouts and a verifier with a model, else the gold and empty baselines).
 */
export async function runQuickstart(options: QuickstartOptions): Promise<QuickstartResult> {
  const examples = await buildExamples(join(options.outDir, 'examples'));
  options.log(
    `built ${examples.repos.length} example repositories with ${examples.instances.length} instances`,
  );
  const sandbox = await chooseSandbox(options.sandbox);
  options.log(`sandbox: ${sandbox.name} (${sandbox.reason})`);
  const ctx: StageContext = {
    options,
    sandbox: sandbox.name,
    repos: Object.fromEntries(examples.repos.map((r) => [r.repo, r.path])),
    cacheDir: join(options.outDir, 'cache'),
    common: {
      progress: options.progress ?? 'auto',
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.pip ? { pip: options.pip } : {}),
    },
  };
  const result: QuickstartResult = { sandbox: sandbox.name, sandboxReason: sandbox.reason, runs: [] };
  result.runs = await evaluateBaselines(ctx, examples.instancesPath);
  if (options.signal?.aborted) return result;
  result.swegen = await mineAndValidateExamples({
    ...ctx.common,
    outDir: options.outDir,
    sandbox: ctx.sandbox,
    workers: options.workers,
    repos: ctx.repos,
    cacheDir: ctx.cacheDir,
    log: options.log,
  });
  if (options.signal?.aborted) return result;
  result.synth = await synthesizeExamples({
    ...ctx.common,
    outDir: options.outDir,
    sandbox: ctx.sandbox,
    workers: options.workers,
    repos: ctx.repos,
    cacheDir: ctx.cacheDir,
    max: 4,
    log: options.log,
    ...(options.endpoint ? { model: options.endpoint } : {}),
  });
  if (options.signal?.aborted) return result;
  options.log(
    `rolling out trajectories on the ${result.swegen.validate.instances.length} validated instances`,
  );
  result.trajgen = await rolloutExamples({
    ...ctx.common,
    instancesPath: result.swegen.validate.outPath,
    repos: ctx.repos,
    outDir: join(options.outDir, 'runs', `quickstart-trajgen-${ctx.sandbox}`),
    cacheDir: ctx.cacheDir,
    sandbox: ctx.sandbox,
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
  });
  if (options.signal?.aborted) return result;
  options.log('building SFT datasets from the trajectories');
  result.sft = await buildExampleSft(result.trajgen.result.trajectoriesPath, options.outDir);
  const [gold, empty] = result.runs.map((run) => run.result.reports);
  if (options.signal?.aborted || !gold || !empty) return result;
  result.tts = await ttsExample({
    ...ctx.common,
    instancesPath: result.swegen.validate.outPath,
    repos: ctx.repos,
    cacheDir: ctx.cacheDir,
    sandbox: ctx.sandbox,
    outDir: join(options.outDir, 'runs', `quickstart-tts-${ctx.sandbox}`),
    baselines: { instances: examples.instances, gold, empty },
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
  });
  return result;
}
