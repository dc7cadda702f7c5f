import { dirname, join } from 'node:path';
import Docker from 'dockerode';
import { buildExamplesCached } from './examples/build.js';
import { runEval, type EvalRunOptions, type EvalRunResult } from './blocks/eval/run-eval.js';
import type { Baselines } from './blocks/eval/tts/baselines.js';
import { ttsExample, type TtsExampleOptions, type TtsExampleResult } from './blocks/eval/tts/quickstart.js';
import { buildExampleSft, type ExampleSftResult } from './blocks/sft/quickstart.js';
import {
  mineAndValidateExamples,
  type ExamplesYield,
  type ExamplesYieldOptions,
} from './blocks/swegen/examples.js';
import { synthesizeExamples, type SynthRunResult } from './blocks/swegen/synth/index.js';
import type { ExamplesSynthesisOptions } from './blocks/swegen/synth/examples.js';
import {
  rolloutExamples,
  type ExampleRolloutOptions,
  type ExampleRolloutResult,
  type ModelEndpoint,
} from './blocks/trajgen/quickstart.js';
import type { PipOptions } from './env/pip-options.js';
import type { ProgressMode } from './progress.js';
import { bubblewrapWorks, ensureDaemon, type ProviderName } from './sandbox/index.js';

export interface QuickstartOptions {
  /** Run directories, candidates, instances and SFT datasets (the results) go below this directory. */
  outDir: string;
  /**
   * The example repositories, mirrors, environments and work directories (the inputs) go below this one:
   * the LegoFactory cache, outside any checkout the user stands in.
   */
  cacheDir: string;
  sandbox: ProviderName | 'auto';
  /** Items in flight in every stage: eval, mine, validate, synth, rollouts, the verifier. */
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
  /** Whether a model endpoint was configured (synth's LLM strategies, rollouts, TTS). */
  model: boolean;
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

/** How the local sandbox confines the examples' commands, given whether bubblewrap runs here. */
export function localIsolation(bubblewrap: boolean): string {
  return bubblewrap
    ? 'commands run under bubblewrap, without network'
    : 'running the example repositories unconfined: bubblewrap is not available; acceptable only ' +
        'because these repositories are ours';
}

/** `auto` picks docker when a daemon answers, local otherwise; says why, and how local is confined. */
export async function chooseSandbox(
  choice: ProviderName | 'auto',
): Promise<{ name: ProviderName; reason: string }> {
  if (choice === 'docker') return { name: 'docker', reason: 'chosen with --sandbox' };
  if (choice === 'local')
    return { name: 'local', reason: `chosen with --sandbox; ${localIsolation(await bubblewrapWorks())}` };
  try {
    await ensureDaemon(new Docker(), 3000);
    return { name: 'docker', reason: 'a Docker daemon answered' };
  } catch (err) {
    const cause = (err as Error).cause;
    const why = cause instanceof Error ? cause.message : (err as Error).message;
    return {
      name: 'local',
      reason: `no Docker daemon answered (${why}); ${localIsolation(await bubblewrapWorks())}`,
    };
  }
}

/** What every quickstart stage shares. */
export interface StageContext {
  options: QuickstartOptions;
  sandbox: ProviderName;
  repos: Record<string, string>;
}

/**
 * The options each quickstart stage runs with, built in one place so that what every stage shares
 * (sandbox, cache, workers, pip indexes, signal, progress) reaches each of them.
 */
export function quickstartStages(ctx: StageContext) {
  const { options, sandbox, repos } = ctx;
  const { cacheDir, workers, outDir } = options;
  const common = {
    progress: options.progress ?? 'auto',
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.pip ? { pip: options.pip } : {}),
  } as const;
  const model = options.endpoint;
  const examples = { ...common, outDir, sandbox, workers, repos, cacheDir, log: options.log };
  return {
    eval: (instancesPath: string, predictions: 'gold' | 'empty'): EvalRunOptions => ({
      instancesPath,
      predictions,
      outDir: join(outDir, 'runs'),
      runId: `quickstart-${sandbox}-${predictions}`,
      workers,
      sandbox,
      timeoutMs: 600_000,
      scope: 'test_files',
      tasks: {
        cacheDir,
        repos,
        envOverrides: {},
        runId: `quickstart-${predictions}`,
        ...(options.pip ? { pip: options.pip } : {}),
      },
      progress: common.progress,
      ...(options.signal ? { signal: options.signal } : {}),
    }),
    swegen: (): ExamplesYieldOptions => examples,
    synth: (): ExamplesSynthesisOptions => ({ ...examples, max: 4, ...(model ? { model } : {}) }),
    trajgen: (instancesPath: string): ExampleRolloutOptions => ({
      ...common,
      instancesPath,
      repos,
      outDir: join(outDir, 'runs', `quickstart-trajgen-${sandbox}`),
      cacheDir,
      sandbox,
      concurrency: workers,
      ...(model ? { endpoint: model } : {}),
    }),
    tts: (instancesPath: string, baselines: Baselines): TtsExampleOptions => ({
      ...common,
      instancesPath,
      repos,
      cacheDir,
      sandbox,
      outDir: join(outDir, 'runs', `quickstart-tts-${sandbox}`),
      baselines,
      concurrency: workers,
      ...(model ? { endpoint: model } : {}),
    }),
  };
}

async function evaluateBaselines(
  ctx: StageContext,
  instancesPath: string,
): Promise<QuickstartResult['runs']> {
  const runs: QuickstartResult['runs'] = [];
  for (const predictions of ['gold', 'empty'] as const) {
    if (ctx.options.signal?.aborted) break;
    ctx.options.log(`evaluating ${predictions} predictions`);
    const result = await runEval(quickstartStages(ctx).eval(instancesPath, predictions));
    runs.push({ predictions, result });
  }
  return runs;
}

/**
 * The main job on the embedded default: builds the example repositories (into the cache) and their
 * environments, evaluates gold and empty predictions on their hand-checked instances, mines the examples'
 * history and validates the candidates into instances (the yield ledger), plants synthetic bugs and
 * validates them (procedural and combine; the LLM strategies too with a model endpoint), rolls out
 * trajectories on the validated instances (with the configured model endpoint, else the gold policy),
 * builds SFT datasets from them, and reports test-time scaling (k rollouts and a verifier with a model,
 * else the gold and empty baselines).
 */
export async function runQuickstart(options: QuickstartOptions): Promise<QuickstartResult> {
  const examples = await buildExamplesCached(options.cacheDir);
  options.log(
    `built ${examples.repos.length} example repositories with ${examples.instances.length} instances ` +
      `in ${dirname(examples.instancesPath)}`,
  );
  const sandbox = await chooseSandbox(options.sandbox);
  options.log(`sandbox: ${sandbox.name} (${sandbox.reason})`);
  const ctx: StageContext = {
    options,
    sandbox: sandbox.name,
    repos: Object.fromEntries(examples.repos.map((r) => [r.repo, r.path])),
  };
  const stages = quickstartStages(ctx);
  const result: QuickstartResult = {
    sandbox: sandbox.name,
    sandboxReason: sandbox.reason,
    model: options.endpoint !== undefined,
    runs: [],
  };
  result.runs = await evaluateBaselines(ctx, examples.instancesPath);
  if (options.signal?.aborted) return result;
  result.swegen = await mineAndValidateExamples(stages.swegen());
  if (options.signal?.aborted) return result;
  result.synth = await synthesizeExamples(stages.synth());
  if (options.signal?.aborted) return result;
  options.log(
    `rolling out trajectories on the ${result.swegen.validate.instances.length} validated instances`,
  );
  result.trajgen = await rolloutExamples(stages.trajgen(result.swegen.validate.outPath));
  if (options.signal?.aborted) return result;
  options.log('building SFT datasets from the trajectories');
  result.sft = await buildExampleSft(result.trajgen.result.trajectoriesPath, options.outDir);
  const [gold, empty] = result.runs.map((run) => run.result.reports);
  if (options.signal?.aborted || !gold || !empty) return result;
  result.tts = await ttsExample(
    stages.tts(result.swegen.validate.outPath, { instances: examples.instances, gold, empty }),
  );
  return result;
}
