import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import type { ToolCall } from '../schema/trajectory.js';
import { ModelError } from './errors.js';
import type { ChatReply } from './types.js';

interface PartialCall {
  id: string;
  name: string;
  arguments: string;
}

/** Folds chat-completion chunks into one reply; a stream that ends without a finish reason was cut. */
export async function collectStream(chunks: AsyncIterable<ChatCompletionChunk>): Promise<ChatReply> {
  let content: string | null = null;
  let reasoning: string | undefined;
  let finishReason: string | null = null;
  let sawChoice = false;
  const calls = new Map<number, PartialCall>();
  const usage = { prompt_tokens: 0, completion_tokens: 0 };
  for await (const chunk of chunks) {
    if (chunk.usage) {
      usage.prompt_tokens = chunk.usage.prompt_tokens ?? 0;
      usage.completion_tokens = chunk.usage.completion_tokens ?? 0;
    }
    const choice = chunk.choices?.[0];
    if (!choice) continue;
    sawChoice = true;
    const delta = choice.delta as ChatCompletionChunk.Choice.Delta & { reasoning_content?: string };
    if (delta?.content) content = (content ?? '') + delta.content;
    if (delta?.reasoning_content) reasoning = (reasoning ?? '') + delta.reasoning_content;
    for (const part of delta?.tool_calls ?? []) {
      const call = calls.get(part.index) ?? { id: '', name: '', arguments: '' };
      call.id ||= part.id ?? '';
      call.name += part.function?.name ?? '';
      call.arguments += part.function?.arguments ?? '';
      calls.set(part.index, call);
    }
    if (choice.finish_reason) finishReason = choice.finish_reason;
  }
  if (!sawChoice) throw new ModelError('empty_response', 'the streamed reply had no choices', true);
  if (finishReason === null)
    throw new ModelError('stream_cut', 'the stream ended before the reply finished', true);
  const toolCalls: ToolCall[] = [...calls.entries()]
    .sort(([a], [b]) => a - b)
    .map(([index, call]) => ({
      id: call.id || `call_${index}`,
      type: 'function',
      function: { name: call.name, arguments: call.arguments },
    }));
  return { content, ...(reasoning !== undefined ? { reasoning } : {}), toolCalls, finishReason, usage };
}
