import type { FormatName } from '../../agent/formats.js';
import type { PipOptions } from '../../env/pip-options.js';
import type { ProgressMode } from '../../progress.js';
import type { ProviderName } from '../../sandbox/index.js';
import { checkIsolation } from './isolation.js';
import { runTrajgen, type TrajgenRunResult } from './run-trajgen.js';

/** A configured model endpoint. */
export interface ModelEndpoint {
  baseUrl: string;
  model: string;
  apiKey?: string;
  /** The variable the key came from, kept out of the agent's shell. */
  apiKeyEnv?: string;
  format?: FormatName;
}

/**
 * The endpoint configured in `env`: LEGOFACTORY_BASE_URL and LEGOFACTORY_MODEL, with the key in the
 * variable LEGOFACTORY_API_KEY_ENV names and the format in LEGOFACTORY_FORMAT; undefined when not set.
 */
export function endpointFromEnv(env: Record<string, string | undefined>): ModelEndpoint | undefined {
  const baseUrl = env['LEGOFACTORY_BASE_URL'];
  const model = env['LEGOFACTORY_MODEL'];
  if (!baseUrl || !model) return undefined;
  const apiKeyEnv = env['LEGOFACTORY_API_KEY_ENV'];
  const apiKey = apiKeyEnv ? env[apiKeyEnv] : undefined;
  const format = env['LEGOFACTORY_FORMAT'] === 'text' ? 'text' : 'native';
  return { baseUrl, model, format, ...(apiKey ? { apiKey } : {}), ...(apiKeyEnv ? { apiKeyEnv } : {}) };
}

export interface ExampleRolloutOptions {
  instancesPath: string;
  repos: Record<string, string>;
  outDir: string;
  cacheDir: string;
  sandbox: ProviderName;
  endpoint?: ModelEndpoint;
  pip?: PipOptions;
  concurrency?: number;
  signal?: AbortSignal;
  progress?: ProgressMode;
}

/** What was rolled out, and a sentence saying which policy was used and why. */
export interface ExampleRolloutResult {
  policy: 'model' | 'gold';
  reason: string;
  result: TrajgenRunResult;
}

async function choosePolicy(
  options: ExampleRolloutOptions,
): Promise<{ policy: 'model' | 'gold'; reason: string }> {
  const { endpoint } = options;
  if (!endpoint)
    return {
      policy: 'gold',
      reason:
        'no model endpoint is configured (set LEGOFACTORY_BASE_URL and LEGOFACTORY_MODEL), so the gold patches ' +
        'were replayed through the agent tools with --policy gold',
    };
  try {
    await checkIsolation(options.sandbox, false);
  } catch (err) {
    return { policy: 'gold', reason: `${(err as Error).message} So the gold policy ran instead.` };
  }
  return { policy: 'model', reason: `rolled out with the model ${endpoint.model} at ${endpoint.baseUrl}` };
}

/** What `runTrajgen` needs beyond instances, output and k, as every quickstart rollout sets it. */
export interface ExampleRolloutContext {
  repos: Record<string, string>;
  cacheDir: string;
  sandbox: ProviderName;
  pip?: PipOptions;
  concurrency?: number;
  signal?: AbortSignal;
  progress?: ProgressMode;
}

/** The endpoint (when given), sandbox, task, concurrency and progress settings of a quickstart rollout. */
export function exampleRolloutSettings(options: ExampleRolloutContext, endpoint: ModelEndpoint | undefined) {
  return {
    ...(endpoint
      ? {
          baseUrl: endpoint.baseUrl,
          model: endpoint.model,
          ...(endpoint.apiKey ? { apiKey: endpoint.apiKey } : {}),
          secretNames: endpoint.apiKeyEnv ? [endpoint.apiKeyEnv] : [],
        }
      : {}),
    concurrency: options.concurrency ?? 2,
    format: endpoint?.format ?? 'native',
    sandbox: options.sandbox,
    testTimeoutMs: 600_000,
    tasks: {
      cacheDir: options.cacheDir,
      repos: options.repos,
      envOverrides: {},
      ...(options.pip ? { pip: options.pip } : {}),
    },
    ...(options.signal ? { signal: options.signal } : {}),
    progress: options.progress ?? 'auto',
  } as const;
}

/**
 * The quickstart's rollout step: one trajectory per example instance, with the configured endpoint when
 * there is one, else with the gold policy; the result says plainly which.
 */
export async function rolloutExamples(options: ExampleRolloutOptions): Promise<ExampleRolloutResult> {
  const { policy, reason } = await choosePolicy(options);
  const endpoint = policy === 'model' ? options.endpoint : undefined;
  const result = await runTrajgen({
    ...exampleRolloutSettings(options, endpoint),
    instancesPath: options.instancesPath,
    outDir: options.outDir,
    policy,
    k: 1,
  });
  return { policy, reason, result };
}
