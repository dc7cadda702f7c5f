import { LegoError } from '../errors.js';
import type { CallRecord, ChatMessage, StepRecord } from '../schema/trajectory.js';
import type { ReadCall } from './formats.js';
import type { AgentRunInput } from './config.js';
import type { PolicyReply } from './policies/types.js';
import { stepErrorOf } from './step-errors.js';
import { callTool, isToolName, tools, type CallFacts, type ToolContext } from './tools/index.js';

/** What one step did, and whether the rollout ends with it. */
export interface StepOutcome {
  record: StepRecord;
  finished: boolean;
  /** Set when the sandbox failed during the step. */
  failure?: { kind: string; message: string };
}

interface Executed {
  facts: CallFacts;
  args: Record<string, unknown> | null;
  finished: boolean;
}

const asRecord = (value: unknown): Record<string, unknown> | null =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;

function refused(call: ReadCall, parse: CallFacts['parse'], observation: string, detail?: string): Executed {
  const facts: CallFacts = {
    tool: call.name,
    parse,
    observation,
    exitCode: null,
    ...(detail ? { detail } : {}),
  };
  return { facts, args: asRecord(call.args), finished: false };
}

/** Runs one call: a malformed or unknown one gets an error observation, a valid one runs its tool. */
async function execute(call: ReadCall, context: ToolContext): Promise<Executed> {
  if (call.malformed !== undefined || call.name === null) {
    const detail = call.malformed ?? 'no function name';
    return refused(call, 'malformed', `ERROR: The function call could not be read: ${detail}.`, detail);
  }
  if (!isToolName(call.name)) {
    const known = Object.keys(tools).join(', ');
    return refused(
      call,
      'unknown_tool',
      `ERROR: There is no function named ${call.name}. The functions are: ${known}.`,
    );
  }
  const result = await callTool(call.name, call.args, context);
  if (!result.ok)
    return refused(
      call,
      'malformed',
      `ERROR: Invalid arguments for ${call.name}: ${result.detail}.`,
      result.detail,
    );
  const { outcome } = result;
  const facts: CallFacts = {
    tool: call.name,
    parse: 'ok',
    observation: outcome.observation,
    exitCode: outcome.exitCode,
    ...(outcome.shell ? { shell: outcome.shell } : {}),
  };
  return { facts, args: asRecord(call.args), finished: outcome.finished === true };
}

function callRecord(executed: Executed, durationMs: number): CallRecord {
  const { facts } = executed;
  const error = stepErrorOf(facts);
  const detail =
    facts.detail ?? (error && facts.observation.startsWith('ERROR:') ? facts.observation : undefined);
  return {
    tool: facts.tool,
    arguments: executed.args,
    exit_code: facts.exitCode,
    duration_ms: Math.round(durationMs),
    error,
    ...(detail !== undefined ? { error_detail: detail.slice(0, 500) } : {}),
  };
}

function stepRecord(
  calls: CallRecord[],
  reply: PolicyReply,
  index: number,
  messageIndex: number,
): StepRecord {
  const [first, ...extra] = calls as [CallRecord, ...CallRecord[]];
  const failing = calls.find((call) => call.error !== null);
  return {
    ...first,
    error: failing?.error ?? null,
    ...(failing?.error_detail !== undefined ? { error_detail: failing.error_detail } : {}),
    duration_ms: calls.reduce((sum, call) => sum + call.duration_ms, 0),
    index,
    message_index: messageIndex,
    model_ms: Math.round(reply.latencyMs),
    prompt_tokens: reply.reply.usage.prompt_tokens,
    completion_tokens: reply.reply.usage.completion_tokens,
    ...(extra.length > 0 ? { extra_calls: extra } : {}),
  };
}

const noCall: CallRecord = { tool: null, arguments: null, exit_code: null, duration_ms: 0, error: 'no_call' };

/** Adds the reply to the conversation, runs its calls, adds their results, and labels the step. */
export async function runStep(
  input: AgentRunInput,
  messages: ChatMessage[],
  reply: PolicyReply,
  index: number,
): Promise<StepOutcome> {
  const { message, calls } = input.format.readReply(reply.reply);
  messages.push(message.content === null ? message : { ...message, content: input.redact(message.content) });
  const messageIndex = messages.length - 1;
  if (calls.length === 0) {
    messages.push({ role: 'user', content: input.redact(input.continuePrompt) });
    return { record: stepRecord([noCall], reply, index, messageIndex), finished: false };
  }
  const records: CallRecord[] = [];
  for (const call of calls) {
    const started = performance.now();
    let executed: Executed;
    try {
      executed = await execute(call, input.tools);
    } catch (err) {
      if (!(err instanceof LegoError) || err.code !== 'sandbox_failed') throw err;
      records.push({
        tool: call.name,
        arguments: asRecord(call.args),
        exit_code: null,
        duration_ms: Math.round(performance.now() - started),
        error: null,
        error_detail: err.message,
      });
      return {
        record: stepRecord(records, reply, index, messageIndex),
        finished: false,
        failure: { kind: 'sandbox', message: err.message },
      };
    }
    records.push(callRecord(executed, performance.now() - started));
    if (executed.finished) return { record: stepRecord(records, reply, index, messageIndex), finished: true };
    messages.push(input.format.resultMessage(call, input.redact(executed.facts.observation)));
  }
  return { record: stepRecord(records, reply, index, messageIndex), finished: false };
}
