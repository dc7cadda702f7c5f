import type { ChatMessage, SamplingParams, ToolCall } from '../schema/trajectory.js';

/** An OpenAI `tools` entry: a function with a JSON Schema for its parameters. */
export interface ToolSchema {
  type: 'function';
  function: { name: string; description: string; parameters: Record<string, unknown> };
}

/** One chat-completions request. */
export interface ChatRequest {
  messages: ChatMessage[];
  tools?: ToolSchema[];
  stop?: string[];
  sampling: SamplingParams;
  /** Ask for each generated token's logprob with this many alternatives (OpenAI allows 0-20). */
  topLogprobs?: number;
  /** Fields an endpoint understands beyond the OpenAI API, sent as they are (vLLM's `continue_final_message`). */
  extraBody?: Record<string, unknown>;
}

/** One generated token's logprob and its most likely alternatives, as the OpenAI API returns them. */
export interface TokenLogprob {
  token: string;
  logprob: number;
  top_logprobs?: { token: string; logprob: number }[] | null;
}

export interface TokenUsage {
  prompt_tokens: number;
  completion_tokens: number;
}

/** The first choice of a reply, streamed or not, in one shape. */
export interface ChatReply {
  content: string | null;
  reasoning?: string;
  toolCalls: ToolCall[];
  finishReason: string | null;
  /** Zero when the server reported no usage. */
  usage: TokenUsage;
  /** Token logprobs, when the request asked for them and the server sent them. */
  logprobs?: TokenLogprob[];
}

/** A successful model call: the reply, how many attempts it took and how long, retries included. */
export interface ModelCall {
  reply: ChatReply;
  attempts: number;
  latencyMs: number;
}

/** A chat model behind an OpenAI-compatible endpoint. Failures throw ModelError (see errors.ts). */
export interface ChatClient {
  readonly model: string;
  complete(request: ChatRequest, signal?: AbortSignal): Promise<ModelCall>;
}
