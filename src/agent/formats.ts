import type { ChatReply, ToolSchema } from '../llm/types.js';
import type { ChatMessage } from '../schema/trajectory.js';
import { parseTextCall, textResult, textStopWords } from './fncall-text.js';

/** One call read from a reply: its id (native), tool name, and parsed arguments or why they did not parse. */
export interface ReadCall {
  id?: string;
  name: string | null;
  args?: unknown;
  malformed?: string;
}

/** How tools and calls travel between the agent and the model. */
export interface AgentFormat {
  readonly name: 'native' | 'text';
  /** The system prompt as the model sees it (the text format appends the function list). */
  systemPrompt(base: string, functionList: string): string;
  /** What every request carries besides the messages. */
  requestExtras(tools: ToolSchema[]): { tools?: ToolSchema[]; stop?: string[] };
  /** The assistant message to keep in the conversation, and the calls it makes. */
  readReply(reply: ChatReply): { message: ChatMessage; calls: ReadCall[] };
  /** The message that carries a call's result back. */
  resultMessage(call: ReadCall, observation: string): ChatMessage;
}

function parseArguments(text: string): { args: unknown } | { malformed: string } {
  if (text.trim() === '') return { args: {} };
  try {
    return { args: JSON.parse(text) as unknown };
  } catch (err) {
    return { malformed: `the arguments are not valid JSON (${(err as Error).message})` };
  }
}

/** OpenAI `tools` in the request and `tool_calls` in replies; results are `tool` messages. */
const native: AgentFormat = {
  name: 'native',
  systemPrompt: (base) => base,
  requestExtras: (tools) => ({ tools }),
  readReply(reply) {
    const message: ChatMessage = {
      role: 'assistant',
      content: reply.content,
      ...(reply.toolCalls.length > 0 ? { tool_calls: reply.toolCalls } : {}),
      ...(reply.reasoning !== undefined ? { reasoning_content: reply.reasoning } : {}),
    };
    const calls = reply.toolCalls.map((call) => ({
      id: call.id,
      name: call.function.name,
      ...parseArguments(call.function.arguments),
    }));
    return { message, calls };
  },
  resultMessage: (call, observation) => ({
    role: 'tool',
    tool_call_id: call.id ?? '',
    name: call.name ?? 'function',
    content: observation,
  }),
};

/** Functions listed in the system prompt, calls written as text, results as user messages. */
const text: AgentFormat = {
  name: 'text',
  systemPrompt: (base, functionList) => `${base}\n\n${functionList}`,
  requestExtras: () => ({ stop: textStopWords }),
  readReply(reply) {
    const parsed = parseTextCall(reply.content ?? '');
    const message: ChatMessage = {
      role: 'assistant',
      content: parsed.content,
      ...(reply.reasoning !== undefined ? { reasoning_content: reply.reasoning } : {}),
    };
    if (parsed.kind === 'none') return { message, calls: [] };
    if (parsed.kind === 'malformed')
      return { message, calls: [{ name: parsed.name, malformed: parsed.detail }] };
    return { message, calls: [{ name: parsed.call.name, args: parsed.call.params }] };
  },
  resultMessage: (call, observation) => ({
    role: 'user',
    content: textResult(call.name ?? 'function', observation),
  }),
};

/** The model I/O formats by name, as `--format` takes them. */
export const formats = { native, text };
export type FormatName = keyof typeof formats;
