import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { publicEndpoint } from '../../llm/endpoint.js';
import { freePricing, sumUsage, type Pricing } from '../../llm/ledger.js';
import type { RetryPolicy } from '../../llm/retry.js';
import type { ProgressMode } from '../../progress.js';
import { runStage } from '../../pipeline/run-stage.js';
import { mapStage } from '../../pipeline/stage.js';
import type { RunSummary } from '../../progress.js';
import { Trajectory, type TrajectoryUsage } from '../../schema/trajectory.js';
import type { VerifierScore } from '../../schema/verifier.js';
import { type ScoreSource } from '../../schema/verifier.js';
import { readRecords, writeJson } from '../../store/jsonl.js';
import { openRunStore } from '../../store/run-store.js';
import type { FunctionListName } from '../../agent/fncall-text-styles.js';
import { loadFunctionListTemplates } from '../../agent/template.js';
import type { ExportContext } from '../sft/exporters/types.js';
import type { CondenseOptions } from '../sft/verifier.js';
import { createVerifierClient } from './client.js';
import { loadVerifierPrompt, verifierFormats, type VerifierFormatName } from './formats/index.js';
import { createVerifierBlock, type VerifierConfig } from './index.js';
import type { ScoreRule } from './logprobs.js';

/** The options of `legofactory verifier score`. */
export interface VerifierScoreOptions {
  trajectoriesPath: string;
  /** The scores file (JSONL); run state lives beside it in `<outPath>.run/`, so re-running resumes. */
  outPath: string;
  baseUrl: string;
  model: string;
  apiKey?: string;
  /** Requests in flight; default 8. */
  concurrency?: number;
  /** Completion tokens per reply; default 16. */
  maxTokens?: number;
  /** Alternatives per token; default 20 (the most OpenAI and vLLM allow by default). */
  topLogprobs?: number;
  /** The verifier format (prompt layout, answer, score rule); default `legofactory`. */
  format?: VerifierFormatName;
  /** The user-message template (default: the format's, the one `sft build --verifier` uses). */
  templatePath?: string;
  /** A system prompt file (default: the format's own, if it has one). */
  systemPromptPath?: string;
  /** How YES and NO spellings combine (default: the format's rule: `sum` legofactory, `max` swe-lego). */
  rule?: ScoreRule;
  /** Prefill the format's answer tag where the endpoint allows it (default true). */
  prefill?: boolean;
  condense?: Partial<CondenseOptions>;
  /** How a swe-lego log shows native tools and calls: as the policy's `sft build` did (default `legofactory`). */
  functionList?: FunctionListName;
  /** A prompt directory whose fn_call_suffix.txt / text-functions.md lay the list out, as in `sft build`. */
  promptDir?: string;
  /** `normalize` turns `\r\n` into `\n` in a swe-lego log, as `sft build --crlf normalize` does (default `keep`). */
  crlf?: ExportContext['crlf'];
  pricing?: Pricing;
  retry?: Partial<RetryPolicy>;
  requestTimeoutMs?: number;
  redo?: boolean;
  signal?: AbortSignal;
  progress?: ProgressMode;
  /** The stage's name in the run directory (default `scores`). */
  stageName?: string;
  /** `recompute`: a changed config recomputes this stage instead of being refused (default `refuse`). */
  configChange?: 'refuse' | 'recompute';
}

/** A scoring run in numbers. */
export interface VerifierSummary {
  trajectories: number;
  scored: number;
  by_source: Record<ScoreSource, number>;
  failed: number;
  usage: TrajectoryUsage;
}

export interface VerifierScoreResult {
  outPath: string;
  runDir: string;
  run: RunSummary;
  summary: VerifierSummary;
  scores: VerifierScore[];
  /** Malformed lines and duplicate trajectories, reported and skipped. */
  problems: string[];
}

async function readTrajectories(path: string, problems: string[]): Promise<Trajectory[]> {
  const byId = new Map<string, Trajectory>();
  for await (const record of readRecords(path, Trajectory)) {
    if ('error' in record) problems.push(record.error.message);
    else if (byId.has(record.value.trajectory_id))
      problems.push(
        `${path}:${record.line}: duplicate trajectory ${record.value.trajectory_id}; the first is scored`,
      );
    else byId.set(record.value.trajectory_id, record.value);
  }
  return [...byId.values()];
}

async function configOf(options: VerifierScoreOptions): Promise<VerifierConfig> {
  const format = options.format ?? 'legofactory';
  const prompt = loadVerifierPrompt({
    format,
    ...(options.templatePath ? { templatePath: options.templatePath } : {}),
    ...(options.systemPromptPath ? { systemPath: options.systemPromptPath } : {}),
    ...(options.condense ? { condense: options.condense } : {}),
    textFormat: {
      ...(await loadFunctionListTemplates(options.promptDir)),
      functionList: options.functionList ?? 'legofactory',
      crlf: options.crlf ?? 'keep',
    },
  });
  return {
    model: options.model,
    endpoint: publicEndpoint(options.baseUrl),
    maxTokens: options.maxTokens ?? 16,
    topLogprobs: options.topLogprobs ?? 20,
    format,
    prompt,
    rule: options.rule ?? verifierFormats[format].rule,
    prefill: options.prefill ?? true,
  };
}

async function writeLines(path: string, records: unknown[]): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temp = `${path}.tmp-${process.pid}`;
  await writeFile(temp, records.map((r) => `${JSON.stringify(r)}\n`).join(''));
  await rename(temp, path);
}

function summarize(trajectories: number, scores: VerifierScore[], run: RunSummary): VerifierSummary {
  const by_source: Record<ScoreSource, number> = { logprobs: 0, answer: 0, none: 0 };
  for (const s of scores) by_source[s.score_source]++;
  return {
    trajectories,
    scored: scores.length,
    by_source,
    failed: run.failures.length,
    usage: sumUsage(scores.map((s) => s.usage)),
  };
}

/**
 * Scores every trajectory with a generative verifier behind an OpenAI-compatible endpoint, `concurrency`
 * requests at once, and writes the scores (input order) to `outPath`. Done trajectories are skipped on a
 * re-run with the same settings; failed ones are retried.
 */
export async function runVerifierScore(options: VerifierScoreOptions): Promise<VerifierScoreResult> {
  const config = await configOf(options);
  const problems: string[] = [];
  const trajectories = await readTrajectories(options.trajectoriesPath, problems);
  const client = createVerifierClient({
    baseUrl: options.baseUrl,
    model: options.model,
    ...(options.apiKey ? { apiKey: options.apiKey } : {}),
    ...(options.retry ? { retry: options.retry } : {}),
    ...(options.requestTimeoutMs ? { requestTimeoutMs: options.requestTimeoutMs } : {}),
  });
  const block = createVerifierBlock({ client, pricing: options.pricing ?? freePricing });
  const runDir = `${options.outPath}.run`;
  const store = openRunStore(runDir);
  try {
    const { run, outputs: scores } = await runStage(mapStage(block), trajectories, {
      store,
      config,
      workers: options.concurrency ?? 8,
      retries: 0,
      redo: options.redo ?? false,
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.stageName ? { stageName: options.stageName } : {}),
      ...(options.configChange ? { configChange: options.configChange } : {}),
      progress: options.progress ?? 'auto',
    });
    await writeLines(options.outPath, scores);
    const summary = summarize(trajectories.length, scores, run);
    await writeJson(`${runDir}/summary.json`, { ...summary, failed: run.failures });
    return { outPath: options.outPath, runDir, run, summary, scores, problems };
  } finally {
    store.close();
  }
}
