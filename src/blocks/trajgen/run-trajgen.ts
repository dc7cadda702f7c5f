import { basename, resolve } from 'node:path';
import type { FormatName } from '../../agent/formats.js';
import type { AgentLimits } from '../../agent/config.js';
import type { FunctionListName } from '../../agent/fncall-text-styles.js';
import { loadPromptTemplates } from '../../agent/template.js';
import { LegoError } from '../../errors.js';
import { createChatClient } from '../../llm/client.js';
import { publicEndpoint } from '../../llm/endpoint.js';
import { freePricing, type Pricing } from '../../llm/ledger.js';
import type { RetryPolicy } from '../../llm/retry.js';
import type { ProgressMode } from '../../progress.js';
import { runStage } from '../../pipeline/run-stage.js';
import { mapStage } from '../../pipeline/stage.js';
import type { RunSummary } from '../../progress.js';
import type { ProviderName } from '../../sandbox/index.js';
import { TaskInstance } from '../../schema/instance.js';
import type { Trajectory } from '../../schema/trajectory.js';
import { type SamplingParams } from '../../schema/trajectory.js';
import { readRecords, writeJson } from '../../store/jsonl.js';
import { openRunStore } from '../../store/run-store.js';
import type { TaskSandboxOptions } from '../../tasks/task-sandboxes.js';
import { createTrajgenBlock, type PolicyName, type TrajgenConfig, type TrajgenItem } from './index.js';
import { checkIsolation } from './isolation.js';
import { summarizeTrajectories, type TrajgenSummary } from './summary.js';

/** A rollout run: what to roll out, with whom, where; the options of `legofactory trajgen rollout`. */
export interface TrajgenRunOptions {
  instancesPath: string;
  /** The run directory: trajectories.jsonl, summary.json, state, logs. Re-using it resumes. */
  outDir: string;
  policy: PolicyName;
  /** The model endpoint (model policy). */
  baseUrl?: string;
  model?: string;
  apiKey?: string;
  /** Environment variable names to keep out of the agent's shell (the API key's variable). */
  secretNames?: string[];
  k: number;
  concurrency: number;
  format: FormatName;
  sampling?: SamplingParams;
  stream?: boolean;
  limits?: Partial<AgentLimits>;
  commandTimeoutSec?: number;
  pricing?: Pricing;
  sandbox: ProviderName;
  unsafeLocal?: boolean;
  testTimeoutMs?: number;
  scope?: 'test_files' | 'all';
  /** Revert the final patch's test-infrastructure edits before judging; default true. */
  protectTestInfra?: boolean;
  tasks: Omit<TaskSandboxOptions, 'provider' | 'runId'> & { runId?: string };
  /** A directory with system.md, instance.md, continue.md and text-functions.md (default: the shipped ones). */
  promptDir?: string;
  /** How the text format lays out the function list: `legofactory` (default) or `openhands`. */
  functionList?: FunctionListName;
  retry?: Partial<RetryPolicy>;
  requestTimeoutMs?: number;
  redo?: boolean;
  signal?: AbortSignal;
  progress?: ProgressMode;
  log?: (line: string) => void;
  /** The stage's name in the run directory (default `trajectories`): it names the output JSONL. */
  stageName?: string;
  /** `recompute`: a changed config recomputes this stage instead of being refused (default `refuse`). */
  configChange?: 'refuse' | 'recompute';
}

export interface TrajgenRunResult {
  outDir: string;
  /** Where the trajectories are: `<outDir>/trajectories.jsonl`. */
  trajectoriesPath: string;
  run: RunSummary;
  summary: TrajgenSummary;
  trajectories: Trajectory[];
  /** How commands were confined. */
  isolation: string;
  /** Input problems (malformed lines, duplicates), reported and skipped. */
  problems: string[];
}

async function readInstances(path: string, problems: string[]): Promise<TaskInstance[]> {
  const byId = new Map<string, TaskInstance>();
  for await (const record of readRecords(path, TaskInstance)) {
    if ('error' in record) problems.push(record.error.message);
    else if (byId.has(record.value.instance_id))
      problems.push(
        `${path}:${record.line}: duplicate instance ${record.value.instance_id}; the first one is used`,
      );
    else byId.set(record.value.instance_id, record.value);
  }
  return [...byId.values()];
}

async function configOf(options: TrajgenRunOptions): Promise<TrajgenConfig> {
  const model = options.policy === 'gold' ? 'gold' : options.model;
  if (model === undefined || (options.policy === 'model' && !options.baseUrl))
    throw new LegoError('bad_input', 'the model policy needs --base-url and --model (or use --policy gold)');
  return {
    policy: options.policy,
    model,
    ...(options.policy === 'model' ? { endpoint: publicEndpoint(options.baseUrl!) } : {}),
    format: options.format,
    sampling: options.sampling ?? {},
    stream: options.stream ?? false,
    limits: { maxSteps: 100, ...options.limits },
    commandTimeoutSec: options.commandTimeoutSec ?? 120,
    prompts: await loadPromptTemplates(options.promptDir, options.functionList),
    pricing: options.pricing ?? freePricing,
    sandbox: options.sandbox,
    testTimeoutMs: options.testTimeoutMs ?? 1_800_000,
    scope: options.scope ?? 'test_files',
    protectTestInfra: options.protectTestInfra ?? true,
    tasks: { ...options.tasks, runId: options.tasks.runId ?? `trajgen-${basename(resolve(options.outDir))}` },
  };
}

/**
 * Rolls out `k` trajectories per instance with `concurrency` in flight, judges each, and appends them to
 * `<outDir>/trajectories.jsonl`; (instance, sample) pairs already done there are skipped. Writes summary.json.
 */
export async function runTrajgen(options: TrajgenRunOptions): Promise<TrajgenRunResult> {
  const config = await configOf(options);
  const isolation = await (config.policy === 'model'
    ? checkIsolation(config.sandbox, options.unsafeLocal ?? false)
    : Promise.resolve('the gold policy runs no model-written commands'));
  const problems: string[] = [];
  const instances = await readInstances(options.instancesPath, problems);
  const items: TrajgenItem[] = instances.flatMap((instance) =>
    Array.from({ length: options.k }, (_, sample) => ({ instance, sample })),
  );
  const client =
    config.policy === 'model'
      ? createChatClient({
          baseUrl: options.baseUrl!,
          model: config.model,
          ...(options.apiKey ? { apiKey: options.apiKey } : {}),
          stream: config.stream,
          ...(options.retry ? { retry: options.retry } : {}),
          ...(options.requestTimeoutMs ? { requestTimeoutMs: options.requestTimeoutMs } : {}),
        })
      : undefined;
  const block = createTrajgenBlock({
    ...(client ? { client } : {}),
    secrets: options.apiKey ? [options.apiKey] : [],
    secretNames: options.secretNames ?? [],
  });
  const store = openRunStore(options.outDir);
  const stageName = options.stageName ?? block.name;
  try {
    const { run, outputs: trajectories } = await runStage(mapStage(block), items, {
      store,
      config,
      stageName,
      ...(options.configChange ? { configChange: options.configChange } : {}),
      workers: options.concurrency,
      redo: options.redo ?? false,
      ...(options.signal ? { signal: options.signal } : {}),
      progress: options.progress ?? 'auto',
    });
    const summary = summarizeTrajectories(trajectories, run.failures);
    await writeJson(`${options.outDir}/summary.json`, { ...summary, failed: run.failures });
    return {
      outDir: options.outDir,
      trajectoriesPath: store.outputPath(stageName),
      run,
      summary,
      trajectories,
      isolation,
      problems,
    };
  } finally {
    store.close();
  }
}
