import type { FunctionListName } from '../agent/fncall-text-styles.js';
import type { FormatName } from '../agent/formats.js';
import type { PolicyName } from '../blocks/trajgen/index.js';
import type { TrajgenRunOptions } from '../blocks/trajgen/run-trajgen.js';
import { hostPipIndexes } from '../env/pip-options.js';
import { LegoError } from '../errors.js';
import type { TaskFlags } from './options.js';

/** The flags of `legofactory trajgen rollout`, as commander parses them. */
export interface RolloutFlags extends TaskFlags {
  instances: string;
  out: string;
  policy: PolicyName;
  baseUrl?: string;
  model?: string;
  apiKeyEnv?: string;
  samples: number;
  temperature?: number;
  topP?: number;
  maxTokens?: number;
  seed?: number;
  maxSteps: number;
  maxTotalTokens?: number;
  maxCost?: number;
  maxWall?: number;
  priceInput: number;
  priceOutput: number;
  concurrency: number;
  format: FormatName;
  functionList: FunctionListName;
  stream?: boolean;
  commandTimeout: number;
  timeout: number;
  scope: 'test_files' | 'all';
  protectTestInfra: boolean;
  prompts?: string;
  unsafeLocal?: boolean;
  redo?: boolean;
  json?: boolean;
}

/** The variable holding the API key: `--api-key-env`, else the one LEGOFACTORY_API_KEY_ENV names. */
function keyVariable(flags: RolloutFlags, env: NodeJS.ProcessEnv): string | undefined {
  return flags.apiKeyEnv ?? (env['LEGOFACTORY_API_KEY_ENV'] || undefined);
}

/** The API key from that variable; never from anywhere else. */
function apiKeyOf(name: string | undefined, env: NodeJS.ProcessEnv): string | undefined {
  if (name === undefined) return undefined;
  const key = env[name];
  if (!key) throw new LegoError('bad_input', `--api-key-env ${name}: that environment variable is empty`);
  return key;
}

const defined = <T extends object>(value: T): Partial<T> =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;

/** Turns the flags into rollout options (reading the API key variable, the host's pip indexes). */
export async function rolloutOptions(
  flags: RolloutFlags,
  env: NodeJS.ProcessEnv,
  signal: AbortSignal,
): Promise<TrajgenRunOptions> {
  const keyName = keyVariable(flags, env);
  const apiKey = apiKeyOf(keyName, env);
  return {
    instancesPath: flags.instances,
    outDir: flags.out,
    policy: flags.policy,
    ...defined({ baseUrl: flags.baseUrl, model: flags.model, apiKey, promptDir: flags.prompts }),
    secretNames: keyName ? [keyName] : [],
    k: flags.samples,
    concurrency: flags.concurrency,
    format: flags.format,
    functionList: flags.functionList,
    sampling: defined({
      temperature: flags.temperature,
      top_p: flags.topP,
      max_tokens: flags.maxTokens,
      seed: flags.seed,
    }),
    stream: flags.stream ?? false,
    limits: {
      maxSteps: flags.maxSteps,
      ...defined({
        maxTotalTokens: flags.maxTotalTokens,
        maxCostUsd: flags.maxCost,
        maxWallMs: flags.maxWall === undefined ? undefined : flags.maxWall * 1000,
      }),
    },
    commandTimeoutSec: flags.commandTimeout,
    pricing: { inputPerMTok: flags.priceInput, outputPerMTok: flags.priceOutput },
    sandbox: flags.sandbox,
    unsafeLocal: flags.unsafeLocal ?? false,
    testTimeoutMs: flags.timeout * 1000,
    scope: flags.scope,
    protectTestInfra: flags.protectTestInfra,
    tasks: {
      cacheDir: flags.cache,
      repos: flags.repo,
      envOverrides: flags.env,
      history: flags.history,
      pip: await hostPipIndexes(),
      ...(flags.baseImage ? { baseImage: flags.baseImage } : {}),
    },
    redo: flags.redo ?? false,
    signal,
    progress: flags.json ? 'off' : 'auto',
  };
}
