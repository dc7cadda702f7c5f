import { LegoError } from '../../../../errors.js';
import { ModelError } from '../../../../llm/errors.js';
import { costOf, type Pricing } from '../../../../llm/ledger.js';
import type { ChatClient } from '../../../../llm/types.js';
import type { ModelUsage } from '../../../../schema/synth.js';
import type { SamplingParams } from '../../../../schema/trajectory.js';

/** A model endpoint as synthesis uses it. */
export interface SynthModel {
  client: ChatClient;
  /** The endpoint's base URL, for messages. */
  baseUrl: string;
  pricing: Pricing;
  sampling: SamplingParams;
}

/** What one prompt got back: the reply text, or why the call failed, and what it cost. */
export type ModelAnswer =
  { content: string | null; usage: ModelUsage } | { failure: string; usage: ModelUsage };

export const noUsage: ModelUsage = { prompt_tokens: 0, completion_tokens: 0, cost_usd: 0, model_calls: 0 };

/** Adds usages. */
export function addUsage(a: ModelUsage, b: ModelUsage): ModelUsage {
  return {
    prompt_tokens: a.prompt_tokens + b.prompt_tokens,
    completion_tokens: a.completion_tokens + b.completion_tokens,
    cost_usd: a.cost_usd + b.cost_usd,
    model_calls: a.model_calls + b.model_calls,
  };
}

/** The error for an endpoint that cannot be reached, naming the flags that point at it. */
export function unreachable(model: SynthModel, detail: string): LegoError {
  return new LegoError(
    'bad_input',
    `the model endpoint ${model.baseUrl} (model ${model.client.model}) cannot be reached: ${detail}\n` +
      'Check --base-url, --model and --api-key-env.',
  );
}

/**
 * Sends one user prompt (the client retries 429, 5xx and time-outs). A failed call is an answer with the
 * failure's kind; an unreachable endpoint or an abort throws, since every later call would fail too.
 */
export async function ask(model: SynthModel, prompt: string, signal?: AbortSignal): Promise<ModelAnswer> {
  try {
    const call = await model.client.complete(
      { messages: [{ role: 'user', content: prompt }], sampling: model.sampling },
      signal,
    );
    const { prompt_tokens, completion_tokens } = call.reply.usage;
    const cost_usd = costOf(call.reply.usage, model.pricing);
    return {
      content: call.reply.content,
      usage: { prompt_tokens, completion_tokens, cost_usd, model_calls: 1 },
    };
  } catch (err) {
    if (!(err instanceof ModelError)) throw err;
    if (err.kind === 'unreachable') throw unreachable(model, err.message);
    if (err.kind === 'aborted') throw new LegoError('interrupted', 'interrupted while waiting for the model');
    return { failure: `model_${err.kind}`, usage: { ...noUsage, model_calls: 1 } };
  }
}

/**
 * Fails fast, naming the flags, when nothing answers at the endpoint (any HTTP answer to `GET /models`
 * will do: some servers do not list models).
 */
export async function assertReachable(baseUrl: string, model: string, apiKey?: string): Promise<void> {
  try {
    await fetch(`${baseUrl.replace(/\/+$/, '')}/models`, {
      headers: apiKey ? { authorization: `Bearer ${apiKey}` } : {},
      signal: AbortSignal.timeout(15_000),
    });
  } catch (err) {
    const cause = (err as { cause?: { message?: string } }).cause?.message ?? (err as Error).message;
    throw new LegoError(
      'bad_input',
      `the model endpoint ${baseUrl} (model ${model}) cannot be reached: ${cause}\n` +
        'Check --base-url, --model and --api-key-env.',
    );
  }
}
