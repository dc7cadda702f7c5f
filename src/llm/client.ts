import OpenAI from 'openai';
import type {
  ChatCompletion,
  ChatCompletionCreateParamsBase,
  ChatCompletionMessageParam,
} from 'openai/resources/chat/completions';
import type { ChatMessage, ToolCall } from '../schema/trajectory.js';
import { ModelError } from './errors.js';
import { defaultRetryPolicy, withRetries, type RetryPolicy } from './retry.js';
import { collectStream } from './stream.js';
import type { ChatClient, ChatReply, ChatRequest, ModelCall, TokenLogprob } from './types.js';

/** Where the model lives and how calls to it behave. */
export interface ChatClientOptions {
  baseUrl: string;
  model: string;
  /** Sent as a bearer token; endpoints without auth (vLLM, SGLang) need none. */
  apiKey?: string;
  /** Stream replies (SSE) instead of waiting for the whole body. */
  stream?: boolean;
  /** Per-attempt time limit; default 10 minutes. */
  requestTimeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  /** Told about every retry (for logs). */
  onRetry?: (error: ModelError, delayMs: number) => void;
}

/** The messages as the API takes them: reasoning text stays home, tool messages drop their name. */
function toParams(messages: ChatMessage[]): ChatCompletionMessageParam[] {
  return messages.map((message) => {
    if (message.role === 'assistant') {
      const { reasoning_content: _r, tool_calls, ...rest } = message;
      return tool_calls && tool_calls.length > 0 ? { ...rest, tool_calls } : rest;
    }
    if (message.role === 'tool')
      return { role: 'tool', tool_call_id: message.tool_call_id, content: message.content };
    return message;
  });
}

function fromCompletion(completion: ChatCompletion): ChatReply {
  const choice = completion.choices?.[0];
  if (!choice) throw new ModelError('empty_response', 'the reply had no choices', true);
  const message = choice.message as ChatCompletion.Choice['message'] & { reasoning_content?: string };
  const toolCalls: ToolCall[] = (message.tool_calls ?? []).flatMap((call, index) =>
    call.type === 'function'
      ? [{ id: call.id || `call_${index}`, type: 'function' as const, function: { ...call.function } }]
      : [],
  );
  return {
    content: message.content ?? null,
    ...(message.reasoning_content ? { reasoning: message.reasoning_content } : {}),
    toolCalls,
    finishReason: choice.finish_reason ?? null,
    usage: {
      prompt_tokens: completion.usage?.prompt_tokens ?? 0,
      completion_tokens: completion.usage?.completion_tokens ?? 0,
    },
    ...(choice.logprobs?.content ? { logprobs: choice.logprobs.content as TokenLogprob[] } : {}),
  };
}

/** A signal aborted with `parent`, whose listener on `parent` goes away with `release()`. */
function childSignal(parent: AbortSignal | undefined): { signal: AbortSignal; release: () => void } {
  const controller = new AbortController();
  const abort = () => controller.abort();
  if (parent?.aborted) controller.abort();
  parent?.addEventListener('abort', abort, { once: true });
  return { signal: controller.signal, release: () => parent?.removeEventListener('abort', abort) };
}

/** A chat client on the `openai` SDK with LegoFactory's retry policy (the SDK's own retries are off). */
export function createChatClient(options: ChatClientOptions): ChatClient {
  const sdk = new OpenAI({
    baseURL: options.baseUrl,
    apiKey: options.apiKey || 'unused',
    maxRetries: 0,
    timeout: options.requestTimeoutMs ?? 600_000,
  });
  const policy = { ...defaultRetryPolicy, ...options.retry };

  async function once(request: ChatRequest, parent: AbortSignal | undefined): Promise<ChatReply> {
    const body: ChatCompletionCreateParamsBase = {
      model: options.model,
      messages: toParams(request.messages),
      ...(request.tools && request.tools.length > 0 ? { tools: request.tools } : {}),
      ...(request.stop && request.stop.length > 0 ? { stop: request.stop } : {}),
      ...request.sampling,
      ...(request.topLogprobs !== undefined ? { logprobs: true, top_logprobs: request.topLogprobs } : {}),
      ...request.extraBody,
    };
    // The SDK leaves a listener on every signal it is given: each attempt gets its own.
    const { signal, release } = childSignal(parent);
    try {
      if (!options.stream)
        return fromCompletion(await sdk.chat.completions.create({ ...body, stream: false }, { signal }));
      const stream = await sdk.chat.completions.create(
        { ...body, stream: true, stream_options: { include_usage: true } },
        { signal },
      );
      return await collectStream(stream);
    } finally {
      release();
    }
  }

  return {
    model: options.model,
    async complete(request: ChatRequest, signal?: AbortSignal): Promise<ModelCall> {
      const started = performance.now();
      const call = () => once(request, signal);
      const { value, attempts } = await withRetries(call, policy, signal, options.onRetry);
      return { reply: value, attempts, latencyMs: performance.now() - started };
    },
  };
}
