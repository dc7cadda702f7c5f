import { join } from 'node:path';
import type { PipOptions } from '../../../env/pip-options.js';
import type { ProgressMode } from '../../../progress.js';
import type { ProviderName } from '../../../sandbox/index.js';
import { checkIsolation } from '../../trajgen/isolation.js';
import { exampleRolloutSettings, type ModelEndpoint } from '../../trajgen/quickstart.js';
import { runTrajgen, type TrajgenRunResult } from '../../trajgen/run-trajgen.js';
import { runVerifierScore, type VerifierScoreResult } from '../../verifier/run-verifier.js';
import { baselineInputs, type Baselines } from './baselines.js';
import { runTts, writeTtsReport, type TtsReport } from './run-tts.js';

export interface TtsExampleOptions {
  /** The instances the model rolls out on. */
  instancesPath: string;
  repos: Record<string, string>;
  cacheDir: string;
  sandbox: ProviderName;
  /** Rollouts, scores and the report go below it: trajgen/, scores.jsonl, report/. */
  outDir: string;
  /** The rollout model; without one the report covers the baselines. */
  endpoint?: ModelEndpoint;
  /** The verifier; default the rollout endpoint (the model judges its own rollouts). */
  verifier?: ModelEndpoint;
  /** Gold and empty predictions already evaluated, for the report without a model. */
  baselines: Baselines;
  /** Rollouts per instance; default 4. */
  k?: number;
  pip?: PipOptions;
  concurrency?: number;
  signal?: AbortSignal;
  progress?: ProgressMode;
}

/** What was measured, a sentence saying which and why, and the report (plus the runs in model mode). */
export interface TtsExampleResult {
  mode: 'model' | 'baselines';
  reason: string;
  report: TtsReport;
  trajgen?: TrajgenRunResult;
  scores?: VerifierScoreResult;
}

async function baselinesReport(options: TtsExampleOptions, why: string): Promise<TtsExampleResult> {
  const report = await writeTtsReport(baselineInputs(options.baselines), {
    source: 'the gold and empty baselines (sample 0 the gold patch, sample 1 the empty patch)',
    ks: [1, 2],
    outDir: join(options.outDir, 'report'),
    title: 'Gold and empty baselines',
  });
  const reason = `${why}, so the TTS metrics were computed on the gold and empty baselines (k = 1, 2; no verifier)`;
  return { mode: 'baselines', reason, report };
}

async function modelReport(options: TtsExampleOptions, endpoint: ModelEndpoint): Promise<TtsExampleResult> {
  const k = options.k ?? 4;
  const trajgen = await runTrajgen({
    ...exampleRolloutSettings(options, endpoint),
    instancesPath: options.instancesPath,
    outDir: join(options.outDir, 'trajgen'),
    policy: 'model',
    k,
    sampling: { temperature: 0.7, seed: 0 },
  });
  const verifier = options.verifier ?? endpoint;
  const scores = await runVerifierScore({
    trajectoriesPath: trajgen.trajectoriesPath,
    outPath: join(options.outDir, 'scores.jsonl'),
    baseUrl: verifier.baseUrl,
    model: verifier.model,
    ...(verifier.apiKey ? { apiKey: verifier.apiKey } : {}),
    concurrency: options.concurrency ?? 2,
    ...(options.signal ? { signal: options.signal } : {}),
    progress: options.progress ?? 'auto',
  });
  const report = await runTts({
    trajectoriesPath: trajgen.trajectoriesPath,
    scoresPath: scores.outPath,
    ks: [1, 2, 4, 8, 16].filter((n) => n <= k),
    outDir: join(options.outDir, 'report'),
  });
  const judge = verifier === endpoint ? 'the same model as verifier' : `the verifier ${verifier.model}`;
  const reason = `rolled out k=${k} with the model ${endpoint.model} at ${endpoint.baseUrl}, scored with ${judge}`;
  return { mode: 'model', reason, report, trajgen, scores };
}

/**
 * The quickstart's TTS step: with a model endpoint, k rollouts per instance, verifier scores and the TTS
 * report; without one (or without a safe sandbox for model commands), the report on the gold and empty
 * baselines. The result says plainly which it did.
 */
export async function ttsExample(options: TtsExampleOptions): Promise<TtsExampleResult> {
  const { endpoint } = options;
  if (!endpoint)
    return baselinesReport(
      options,
      'no model endpoint is configured (set LEGOFACTORY_BASE_URL and LEGOFACTORY_MODEL)',
    );
  try {
    await checkIsolation(options.sandbox, false);
  } catch (err) {
    return baselinesReport(options, (err as Error).message.replace(/\.$/, ''));
  }
  return modelReport(options, endpoint);
}
