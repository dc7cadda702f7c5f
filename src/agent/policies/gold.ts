import type { ChatReply } from '../../llm/types.js';
import { renderTextCall } from '../fncall-text.js';
import type { FormatName } from '../formats.js';
import { goldEditCalls, type EditCall } from './gold-edits.js';
import type { Policy } from './types.js';

const finishCall: EditCall = {
  name: 'finish',
  args: { message: 'Applied the reference patch through the editor.' },
};

function replyOf(call: EditCall, index: number, format: FormatName): ChatReply {
  const usage = { prompt_tokens: 0, completion_tokens: 0 };
  if (format === 'text')
    return { content: renderTextCall(call.name, call.args), toolCalls: [], finishReason: 'stop', usage };
  const toolCall = {
    id: `gold_${index}`,
    type: 'function' as const,
    function: { name: call.name, arguments: JSON.stringify(call.args) },
  };
  return { content: null, toolCalls: [toolCall], finishReason: 'tool_calls', usage };
}

export interface GoldPolicyOptions {
  patch: string;
  workdir: string;
  format: FormatName;
  /** The base text of a file the patch changes (null when it cannot be read as text). */
  readBase: (path: string) => Promise<string | null>;
}

/**
 * The gold policy: replays the instance's reference patch through the agent's own tools, one call per
 * step, then finishes. It checks the tools and the harness without a model; its trajectories say
 * `policy: gold`.
 */
export async function goldPolicy(options: GoldPolicyOptions): Promise<Policy> {
  const calls = [...(await goldEditCalls(options.patch, options.workdir, options.readBase)), finishCall];
  return {
    kind: 'gold',
    model: 'gold',
    async next(request) {
      const step = request.messages.filter((message) => message.role === 'assistant').length;
      const call = calls[Math.min(step, calls.length - 1)]!;
      return { reply: replyOf(call, step, options.format), attempts: 1, latencyMs: 0, fromModel: false };
    },
  };
}
