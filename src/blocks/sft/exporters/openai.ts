import type { SftMessage } from '../../../schema/sft.js';
import type { Exporter } from './types.js';

function openaiMessage(message: SftMessage): Record<string, unknown> {
  if (message.role === 'tool')
    return { role: 'tool', tool_call_id: message.tool_call_id ?? '', content: message.content };
  if (message.role !== 'assistant') return { role: message.role, content: message.content };
  const calls = message.tool_calls?.length ? { tool_calls: message.tool_calls } : {};
  return { role: 'assistant', content: message.content, ...calls, weight: message.weight };
}

/** OpenAI chat fine-tuning JSONL: `messages` (assistant ones carry `weight` 0 or 1) and `tools` when native. */
export const openai: Exporter = {
  line(sample) {
    return JSON.stringify({
      messages: sample.messages.map(openaiMessage),
      ...(sample.tools.length > 0 ? { tools: sample.tools } : {}),
    });
  },
  sidecars: () => [],
};
