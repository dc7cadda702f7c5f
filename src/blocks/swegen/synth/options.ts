import { LegoError } from '../../../errors.js';
import { createChatClient } from '../../../llm/client.js';
import { publicEndpoint } from '../../../llm/endpoint.js';
import { freePricing, type Pricing } from '../../../llm/ledger.js';
import type { RetryPolicy } from '../../../llm/retry.js';
import type { ChatClient } from '../../../llm/types.js';
import type { ProgressMode } from '../../../progress.js';
import type { ProviderName } from '../../../sandbox/index.js';
import type { SynthStrategy } from '../../../schema/synth.js';
import type { SamplingParams } from '../../../schema/trajectory.js';
import type { TaskSandboxOptions } from '../../../tasks/task-sandboxes.js';
import type { MineRules } from '../rules.js';
import type { ModelSettings } from './generate/config.js';
import { assertReachable } from './lm/model.js';
import type { TransformName } from './transforms/index.js';

/** An OpenAI-compatible endpoint for the model strategies and the statement writer. */
export interface SynthModelOptions {
  baseUrl: string;
  model: string;
  apiKey?: string;
  sampling?: SamplingParams;
  pricing?: Pricing;
  retry?: Partial<RetryPolicy>;
  /** A client to use instead of one made from the above (the URL and model name still go in the config). */
  client?: ChatClient;
}

export interface SynthRunOptions {
  /** The repositories to make bugs in: `owner/name` → local path or URL. */
  repos: Record<string, string>;
  /** The commit (branch, tag) of every repository; the default branch's head when absent. */
  commit?: string;
  /** Where the candidates go (JSONL): `swegen validate` takes this file as it is. */
  outPath: string;
  /** Run directory: state, per-item logs, bugs, summary.json with the yield ledger. */
  runDir: string;
  strategies: SynthStrategy[];
  /** The most bugs per strategy. */
  max: number;
  seed: number;
  transforms?: TransformName[];
  rules?: Partial<MineRules>;
  model?: SynthModelOptions;
  /** Where lm-modify.md, lm-rewrite.md and statement.md are read from; the shipped prompts by default. */
  promptDir?: string;
  /** Write statements from the test evidence even when a model is configured. */
  statementsFromTests?: boolean;
  /** Run the suite once with call recording to prefer exercised functions (default true). */
  coverage?: boolean;
  sandbox: ProviderName;
  timeoutMs: number;
  tasks: Omit<TaskSandboxOptions, 'provider'>;
  /** Validate the candidates too (`--validate`): NOP/Oracle runs and the gold gate, instances to `outPath`. */
  validate?: { runs: number; outPath: string };
  /** Validated instances to combine (without `validate`, combine needs them). */
  combineFrom?: string;
  /** Bugs merged into one by combine (default 2). */
  combineParts?: number;
  modelConcurrency?: number;
  workers?: number;
  redo?: boolean;
  /** A changed config: refused unless `redo` (the default), or recomputed (a pipeline's stages). */
  configChange?: 'refuse' | 'recompute';
  signal?: AbortSignal;
  progress?: ProgressMode;
}

const modelStrategies: SynthStrategy[] = ['lm-modify', 'lm-rewrite'];

/** Refuses settings that cannot work, with the flags to fix them, before any work starts. */
export function checkSynthOptions(options: SynthRunOptions): void {
  if (options.strategies.length === 0)
    throw new LegoError('bad_input', 'give at least one strategy (--strategies)');
  if (Object.keys(options.repos).length === 0)
    throw new LegoError('bad_input', 'give the repository to synthesize with --repo owner/name=PATH_OR_URL');
  if (options.strategies.some((s) => modelStrategies.includes(s)) && !options.model)
    throw new LegoError(
      'bad_input',
      'lm-modify and lm-rewrite need a model endpoint: give --base-url URL and --model NAME ' +
        '(and --api-key-env VAR when it needs a key), or leave them out of --strategies',
    );
  if (options.strategies.includes('combine') && !options.validate && !options.combineFrom)
    throw new LegoError(
      'bad_input',
      'combine merges validated bugs: add --validate, or give validated instances with --combine-from FILE',
    );
}

/** The model's settings for the config and a client to call it, after checking the endpoint answers. */
export async function modelOf(
  options: SynthRunOptions,
): Promise<{ settings: ModelSettings; client: ChatClient } | null> {
  const model = options.model;
  if (!model) return null;
  if (!model.client) await assertReachable(model.baseUrl, model.model, model.apiKey);
  const client =
    model.client ??
    createChatClient({
      baseUrl: model.baseUrl,
      model: model.model,
      ...(model.apiKey ? { apiKey: model.apiKey } : {}),
      ...(model.retry ? { retry: model.retry } : {}),
    });
  const sampling = model.sampling ?? { temperature: 0.8, max_tokens: 4096, seed: options.seed };
  return {
    settings: {
      baseUrl: publicEndpoint(model.baseUrl),
      model: model.model,
      sampling,
      pricing: model.pricing ?? freePricing,
    },
    client,
  };
}
