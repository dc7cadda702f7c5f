import OpenAI from 'openai';
import { defaultRetryPolicy, withRetries, type RetryPolicy } from '../../llm/retry.js';
import { ModelError } from '../../llm/errors.js';
import type { TokenUsage } from '../../llm/types.js';
import type { TokenLogprob } from './logprobs.js';

/** The verifier endpoint and how its calls behave. */
export interface VerifierClientOptions {
  baseUrl: string;
  model: string;
  apiKey?: string;
  /** Per-attempt time limit; default 10 minutes. */
  requestTimeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  onRetry?: (error: ModelError, delayMs: number) => void;
}

/** A prompt message: the verifier template renders system and user text only. */
export interface PromptMessage {
  role: 'system' | 'user';
  content: string;
}

/** What a verifier request asks for besides the prompt. */
export interface JudgeRequest {
  messages: PromptMessage[];
  maxTokens: number;
  /** Alternatives per generated token (OpenAI allows 0-20). */
  topLogprobs: number;
}

/** The verifier's reply: its text, its token logprobs (null when the endpoint sent none), usage and timing. */
export interface JudgeReply {
  content: string;
  logprobs: TokenLogprob[] | null;
  usage: TokenUsage;
  attempts: number;
  latencyMs: number;
}

export interface VerifierClient {
  readonly model: string;
  judge(request: JudgeRequest, signal?: AbortSignal): Promise<JudgeReply>;
}

/** A greedy (temperature 0) chat client that asks for `logprobs` and `top_logprobs`, with LegoFactory's retries. */
export function createVerifierClient(options: VerifierClientOptions): VerifierClient {
  const sdk = new OpenAI({
    baseURL: options.baseUrl,
    apiKey: options.apiKey || 'unused',
    maxRetries: 0,
    timeout: options.requestTimeoutMs ?? 600_000,
  });
  const policy = { ...defaultRetryPolicy, ...options.retry };
  const once = async (request: JudgeRequest, signal: AbortSignal | undefined) => {
    const completion = await sdk.chat.completions.create(
      {
        model: options.model,
        messages: request.messages,
        max_tokens: request.maxTokens,
        temperature: 0,
        logprobs: true,
        top_logprobs: request.topLogprobs,
      },
      // The SDK leaves a listener on the signal it is given: each attempt gets its own dependent signal.
      signal ? { signal: AbortSignal.any([signal]) } : {},
    );
    const choice = completion.choices?.[0];
    if (!choice) throw new ModelError('empty_response', 'the reply had no choices', true);
    return { completion, choice };
  };
  return {
    model: options.model,
    async judge(request, signal) {
      const started = performance.now();
      const { value, attempts } = await withRetries(
        () => once(request, signal),
        policy,
        signal,
        options.onRetry,
      );
      return {
        content: value.choice.message.content ?? '',
        logprobs: (value.choice.logprobs?.content as TokenLogprob[] | null | undefined) ?? null,
        usage: {
          prompt_tokens: value.completion.usage?.prompt_tokens ?? 0,
          completion_tokens: value.completion.usage?.completion_tokens ?? 0,
        },
        attempts,
        latencyMs: performance.now() - started,
      };
    },
  };
}
