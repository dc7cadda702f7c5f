import { functionListStyles, type FunctionListStyle } from '../../agent/fncall-text-styles.js';
import { textResult } from '../../agent/fncall-text.js';
import type { ToolSchema } from '../../llm/types.js';
import type { ExportContext } from './exporters/types.js';
import type { SftMessage, SftSample } from '../../schema/sft.js';

/** A message in the text function-call format: no tool calls, no tool role. */
export interface TextMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
  weight: 0 | 1;
}

function assistantText(message: SftMessage, style: FunctionListStyle): string {
  const calls = (message.tool_calls ?? []).map((call) =>
    style.renderCall(call.function.name, call.function.arguments),
  );
  return style.assistantText(message.content, calls);
}

function toText(message: SftMessage, sample: SftSample, context: ExportContext): TextMessage {
  const style = functionListStyles[context.functionList];
  if (message.role === 'tool')
    return { role: 'user', content: textResult(message.name ?? 'function', message.content), weight: 0 };
  if (message.role === 'assistant')
    return { role: 'assistant', content: assistantText(message, style), weight: message.weight };
  if (message.role === 'system' && sample.format === 'native') {
    const tools = sample.tools as unknown as ToolSchema[];
    return {
      role: 'system',
      content: style.systemPrompt(message.content, tools, context),
      weight: 0,
    };
  }
  return { role: message.role, content: message.content, weight: 0 };
}

/** SWE-Lego's data script: every `\r\n` in a message becomes `\n` (repeatedly, so `\r\r\n` does too). */
function normalizeCrlf(text: string): string {
  return text.replace(/\r+\n/g, '\n');
}

/**
 * The sample in the text format with strictly alternating roles: native calls become text calls in the
 * context's function-list layout, tool results become `EXECUTION RESULT` user messages, and consecutive
 * same-role messages are merged (a merged assistant message is trained only if all its parts are).
 */
export function alternatingText(sample: SftSample, layout: ExportContext | string): TextMessage[] {
  // A bare string is the function-list template alone: LegoFactory's layout, line ends kept.
  const context: ExportContext =
    typeof layout === 'string'
      ? { textFunctions: layout, functionList: 'legofactory', crlf: 'keep' }
      : layout;
  const merged: TextMessage[] = [];
  for (const message of sample.messages) {
    const next = toText(message, sample, context);
    const previous = merged.at(-1);
    if (previous && previous.role === next.role) {
      previous.content = `${previous.content}\n\n${next.content}`;
      previous.weight = (previous.weight & next.weight) as 0 | 1;
    } else merged.push(next);
  }
  if (context.crlf === 'normalize')
    for (const message of merged) message.content = normalizeCrlf(message.content);
  return merged;
}
