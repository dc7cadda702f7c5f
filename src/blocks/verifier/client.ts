import { createChatClient } from '../../llm/client.js';
import type { ModelError } from '../../llm/errors.js';
import type { RetryPolicy } from '../../llm/retry.js';
import type { TokenLogprob, TokenUsage } from '../../llm/types.js';

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

/** A prompt message: verifier formats render system and user text only. */
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
  /**
   * The start of the reply, sent as a final assistant message that the endpoint continues (vLLM's chat
   * extension: `continue_final_message: true`, `add_generation_prompt: false`).
   */
  prefill?: string;
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

const continueFinalMessage = { continue_final_message: true, add_generation_prompt: false };

/** A greedy (temperature 0) chat client that asks for `logprobs` and `top_logprobs`, with LegoFactory's retries. */
export function createVerifierClient(options: VerifierClientOptions): VerifierClient {
  const chat = createChatClient(options);
  return {
    model: options.model,
    async judge(request, signal) {
      const { reply, attempts, latencyMs } = await chat.complete(
        {
          messages: request.prefill
            ? [...request.messages, { role: 'assistant', content: request.prefill }]
            : request.messages,
          sampling: { temperature: 0, max_tokens: request.maxTokens },
          topLogprobs: request.topLogprobs,
          ...(request.prefill ? { extraBody: continueFinalMessage } : {}),
        },
        signal,
      );
      return {
        content: reply.content ?? '',
        logprobs: reply.logprobs ?? null,
        usage: reply.usage,
        attempts,
        latencyMs,
      };
    },
  };
}
