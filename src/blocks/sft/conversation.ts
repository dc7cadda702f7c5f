import { isToolName } from '../../agent/tools/index.js';
import type { ChatMessage, StepRecord, Trajectory } from '../../schema/trajectory.js';
import type { SftMessage } from '../../schema/sft.js';

/** How messages are shaped into a training conversation. */
export interface ShapeOptions {
  /** Mask assistant steps whose label is an error (SWE-Lego's step-level error masking). */
  errorMask: boolean;
  /** Longer message contents are cut in the middle, and a cut assistant message is masked. */
  maxMessageChars: number;
}

/** A trajectory's messages with loss weights, or why the trajectory cannot be used. */
export type Shaped = { messages: SftMessage[]; repairs: string[] } | { drop: string };

/** The reasons a trajectory is dropped before any filter: its messages cannot form a conversation. */
export type ShapeDrop = 'broken_role_order' | 'missing_labels' | 'no_assistant_turn';

/** Text with lone surrogates (JSON escapes of broken UTF-16) replaced by U+FFFD. */
function wellFormed(text: string): string {
  return (text as string & { toWellFormed(): string }).toWellFormed();
}

function cutMiddle(text: string, max: number): string {
  const keep = Math.floor(max / 2);
  const cut = text.length - 2 * keep;
  return `${text.slice(0, keep)}\n[... ${cut} characters cut ...]\n${text.slice(text.length - keep)}`;
}

/** Tool messages answer the assistant call right before them; the first turn after the system is a user's. */
function roleOrderBroken(messages: ChatMessage[]): boolean {
  const first = messages.findIndex((m) => m.role !== 'system');
  if (first === -1 || messages[first]!.role !== 'user') return true;
  if (messages.slice(first).some((m) => m.role === 'system')) return true;
  let open = new Set<string>();
  for (const message of messages) {
    if (message.role === 'assistant') open = new Set((message.tool_calls ?? []).map((call) => call.id));
    else if (message.role === 'tool') {
      if (!open.delete(message.tool_call_id)) return true;
    } else open = new Set();
  }
  return false;
}

type Offered = (tool: string) => boolean;

function unknownTool(step: StepRecord, offered: Offered): boolean {
  const calls = [step, ...(step.extra_calls ?? [])];
  return calls.some((call) => call.tool !== null && call.error === null && !offered(call.tool));
}

/** The tools a trajectory offered: its `tools` list (native), else the shipped agent tools (text format). */
function offeredTools(trajectory: Trajectory): Offered {
  const names = trajectory.tools
    .map((tool) => (tool['function'] as { name?: unknown } | undefined)?.name)
    .filter((name): name is string => typeof name === 'string');
  if (names.length === 0) return isToolName;
  const known = new Set(names);
  return (tool) => known.has(tool);
}

interface Labelled {
  weight: 0 | 1;
  error_reason: string | null;
}

function label(step: StepRecord, offered: Offered, options: ShapeOptions, repairs: Set<string>): Labelled {
  let reason = step.error;
  if (reason === null && unknownTool(step, offered)) {
    reason = 'unknown_tool';
    repairs.add('unknown_tool_masked');
  }
  return { weight: reason !== null && options.errorMask ? 0 : 1, error_reason: reason };
}

function contentOf(message: ChatMessage, options: ShapeOptions, repairs: Set<string>): [string, boolean] {
  let text = message.content ?? '';
  const fixed = wellFormed(text);
  if (fixed !== text) repairs.add('non_utf8_repaired');
  text = fixed;
  if (text.length <= options.maxMessageChars) return [text, false];
  repairs.add('content_truncated');
  return [cutMiddle(text, options.maxMessageChars), true];
}

function toSft(
  message: ChatMessage,
  labelled: Labelled | null,
  options: ShapeOptions,
  repairs: Set<string>,
): SftMessage {
  const [content, cut] = contentOf(message, options, repairs);
  const base = { role: message.role, content, weight: 0 as 0 | 1, error_reason: null as string | null };
  if (message.role === 'tool') return { ...base, tool_call_id: message.tool_call_id, name: message.name };
  if (message.role !== 'assistant' || !labelled) return base;
  const masked = cut ? { weight: 0 as const, error_reason: labelled.error_reason ?? 'truncated' } : labelled;
  return { ...base, ...masked, ...(message.tool_calls?.length ? { tool_calls: message.tool_calls } : {}) };
}

/**
 * Shapes a trajectory into weighted messages: every assistant step is trained unless its label is an error
 * (or it calls a tool the trajectory never offered, or its text had to be cut); other messages are context.
 * The conversation ends with the last assistant message.
 */
export function shapeConversation(trajectory: Trajectory, options: ShapeOptions): Shaped {
  const { messages } = trajectory;
  const last = messages.findLastIndex((m) => m.role === 'assistant');
  if (last === -1) return { drop: 'no_assistant_turn' };
  if (roleOrderBroken(messages)) return { drop: 'broken_role_order' };
  const steps = new Map(trajectory.steps.map((step) => [step.message_index, step]));
  const offered = offeredTools(trajectory);
  const repairs = new Set<string>();
  const shaped: SftMessage[] = [];
  for (const [index, message] of messages.slice(0, last + 1).entries()) {
    const step = message.role === 'assistant' ? steps.get(index) : undefined;
    if (message.role === 'assistant' && !step) return { drop: 'missing_labels' };
    const labelled = step ? label(step, offered, options, repairs) : null;
    shaped.push(toSft(message, labelled, options, repairs));
  }
  return { messages: shaped, repairs: [...repairs].sort() };
}
