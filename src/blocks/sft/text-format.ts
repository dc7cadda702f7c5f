import { describeFunctions, renderTextCall, textResult } from '../../agent/fncall-text.js';
import { renderTemplate } from '../../agent/template.js';
import type { ToolSchema } from '../../llm/types.js';
import type { ToolCall } from '../../schema/trajectory.js';
import type { SftMessage, SftSample } from './schema.js';

/** A message in the text function-call format: no tool calls, no tool role. */
export interface TextMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
  weight: 0 | 1;
}

function argumentsOf(call: ToolCall): Record<string, unknown> {
  try {
    const parsed = JSON.parse(call.function.arguments) as unknown;
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
      return parsed as Record<string, unknown>;
  } catch {
    // A call whose arguments are not JSON keeps them as one raw parameter.
  }
  return { arguments: call.function.arguments };
}

function assistantText(message: SftMessage): string {
  const calls = (message.tool_calls ?? []).map((call) =>
    renderTextCall(call.function.name, argumentsOf(call)),
  );
  return [message.content, ...calls].filter((part) => part !== '').join('\n');
}

/** The system prompt of a native trajectory with its tools listed as the text format lists them. */
function systemText(content: string, tools: ToolSchema[], textFunctions: string): string {
  if (tools.length === 0) return content;
  return `${content}\n\n${renderTemplate(textFunctions, { functions: describeFunctions(tools) })}`;
}

function toText(message: SftMessage, sample: SftSample, textFunctions: string): TextMessage {
  if (message.role === 'tool')
    return { role: 'user', content: textResult(message.name ?? 'function', message.content), weight: 0 };
  if (message.role === 'assistant')
    return { role: 'assistant', content: assistantText(message), weight: message.weight };
  if (message.role === 'system' && sample.format === 'native')
    return {
      role: 'system',
      content: systemText(message.content, toolList(sample), textFunctions),
      weight: 0,
    };
  return { role: message.role, content: message.content, weight: 0 };
}

function toolList(sample: SftSample): ToolSchema[] {
  return sample.tools as unknown as ToolSchema[];
}

/**
 * The sample in the text format with strictly alternating roles: native calls become text calls, tool
 * results become `EXECUTION RESULT` user messages, and consecutive same-role messages are merged (a merged
 * assistant message is trained only if all its parts are).
 */
export function alternatingText(sample: SftSample, textFunctions: string): TextMessage[] {
  const merged: TextMessage[] = [];
  for (const message of sample.messages) {
    const next = toText(message, sample, textFunctions);
    const previous = merged.at(-1);
    if (previous && previous.role === next.role) {
      previous.content = `${previous.content}\n\n${next.content}`;
      previous.weight = (previous.weight & next.weight) as 0 | 1;
    } else merged.push(next);
  }
  return merged;
}
