import type { ReplyBody, ScriptedLogprob } from './scripted-sse.js';

/** A chat-completions request body as the scripted server receives it. */
export interface ScriptedRequest {
  model: string;
  messages: { role: string; content?: string | null; tool_calls?: unknown[] }[];
  tools?: unknown[];
  stop?: string | string[];
  stream?: boolean;
  stream_options?: { include_usage?: boolean };
  [key: string]: unknown;
}

/** A scripted assistant message: text, tool calls or both. */
export interface ScriptedMessage {
  content?: string | null;
  reasoning?: string;
  tool_calls?: { id?: string; name: string; arguments: string }[];
  finish_reason?: string;
  /** Token logprobs sent as `choices[0].logprobs.content` of a non-streamed reply (null when absent). */
  logprobs?: ScriptedLogprob[];
}

/** A fault the client must survive. */
export type ScriptedFault =
  | { fault: 'status'; status: number; message?: string; code?: string; retryAfterSec?: number }
  /** Never answers, so the client's time-out fires. */
  | { fault: 'hang' }
  /** Sends the first part of a streamed reply, then drops the connection. */
  | { fault: 'cut'; content: string }
  | { fault: 'empty_choices' }
  /** Closes the connection without a response. */
  | { fault: 'disconnect' };

/** What a scripted agent says next. */
export type ScriptedReply = ScriptedMessage | ScriptedFault;

export function isFault(reply: ScriptedReply): reply is ScriptedFault {
  return 'fault' in reply;
}

/** The conversation so far, as a scripted agent sees it. */
export interface ScriptedTurn {
  request: ScriptedRequest;
  /** Assistant messages in the request: 0 on the first call of a conversation. */
  turn: number;
  /** How many times this exact request came before (retries): 0 the first time. */
  attempt: number;
}

/** Decides the reply to one request; plain functions of the conversation, so replays are deterministic. */
export type ScriptedAgent = (turn: ScriptedTurn) => ScriptedReply | Promise<ScriptedReply>;

const estimateTokens = (text: string) => Math.ceil(text.length / 4);

/** Cuts the content at the first stop string, as an inference server does (the stop string is dropped). */
function applyStop(content: string | null, stop: ScriptedRequest['stop']): string | null {
  if (content === null || stop === undefined) return content;
  const stops = Array.isArray(stop) ? stop : [stop];
  const at = Math.min(...stops.map((s) => content.indexOf(s)).filter((i) => i >= 0));
  return Number.isFinite(at) ? content.slice(0, at) : content;
}

/** The reply the server sends for a scripted message: stop strings applied, ids and usage filled in. */
export function replyBody(request: ScriptedRequest, reply: ScriptedMessage, n: number): ReplyBody {
  const content = applyStop(reply.content ?? null, request.stop);
  const toolCalls = (reply.tool_calls ?? []).map((call, i) => ({ id: call.id ?? `call_${n}_${i}`, ...call }));
  const completion = (content ?? '') + toolCalls.map((c) => c.name + c.arguments).join('');
  return {
    id: `chatcmpl-scripted-${n}`,
    model: request.model,
    content,
    ...(reply.reasoning !== undefined ? { reasoning: reply.reasoning } : {}),
    ...(reply.logprobs !== undefined ? { logprobs: reply.logprobs } : {}),
    toolCalls,
    finishReason: reply.finish_reason ?? (toolCalls.length > 0 ? 'tool_calls' : 'stop'),
    usage: {
      prompt_tokens: estimateTokens(JSON.stringify(request.messages)),
      completion_tokens: estimateTokens(completion),
    },
  };
}
