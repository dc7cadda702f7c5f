import { LegoError } from '../errors.js';
import { ModelError, type ModelFailureKind } from '../llm/errors.js';
import { attemptsOf } from '../llm/retry.js';
import type { ChatMessage, StepRecord, TrajectoryStatus } from '../schema/trajectory.js';
import type { AgentRunInput } from './config.js';
import type { PolicyReply } from './policies/types.js';
import { runStep } from './step.js';
import { toolSchemas } from './tools/index.js';

/** What a rollout produced, however it ended. */
export interface AgentRun {
  messages: ChatMessage[];
  steps: StepRecord[];
  status: TrajectoryStatus;
  failure?: { kind: string; message: string };
}

const modelStatus: Record<ModelFailureKind, TrajectoryStatus> = {
  unreachable: 'model_unreachable',
  rate_limited: 'model_unreachable',
  server_error: 'model_unreachable',
  context_overflow: 'context_overflow',
  empty_response: 'empty_response',
  stream_cut: 'stream_cut',
  bad_request: 'model_error',
  aborted: 'model_error',
};

function budgetExceeded(input: AgentRunInput, started: number): TrajectoryStatus | null {
  const usage = input.ledger.usage();
  const { maxTotalTokens, maxCostUsd, maxWallMs } = input.limits;
  if (maxTotalTokens !== undefined && usage.total_tokens >= maxTotalTokens) return 'token_budget';
  if (maxCostUsd !== undefined && usage.cost_usd >= maxCostUsd) return 'cost_budget';
  if (maxWallMs !== undefined && Date.now() - started >= maxWallMs) return 'time_budget';
  return null;
}

function interrupted(): LegoError {
  return new LegoError('interrupted', 'the rollout was interrupted');
}

async function nextReply(input: AgentRunInput, messages: ChatMessage[]): Promise<PolicyReply> {
  const extras = input.format.requestExtras(toolSchemas());
  try {
    const reply = await input.policy.next({ messages, ...extras, sampling: input.sampling }, input.signal);
    if (reply.fromModel)
      input.ledger.record({ ...reply.reply.usage, attempts: reply.attempts, latencyMs: reply.latencyMs });
    return reply;
  } catch (err) {
    if (err instanceof ModelError && input.policy.kind === 'model')
      input.ledger.record({
        prompt_tokens: 0,
        completion_tokens: 0,
        attempts: attemptsOf(err),
        latencyMs: 0,
      });
    throw err;
  }
}

/**
 * The agent loop: asks the policy for a reply, runs its calls with the tools, and feeds the results back,
 * until `finish`, a stop rule (steps, tokens, cost, wall time) or a fault. Model and sandbox faults end
 * the rollout with a status and keep everything so far; only an interrupt throws.
 */
export async function runAgent(input: AgentRunInput): Promise<AgentRun> {
  const started = Date.now();
  const messages: ChatMessage[] = [
    { role: 'system', content: input.redact(input.systemPrompt) },
    { role: 'user', content: input.redact(input.instancePrompt) },
  ];
  const steps: StepRecord[] = [];
  const end = (status: TrajectoryStatus, failure?: AgentRun['failure']): AgentRun => ({
    messages,
    steps,
    status,
    ...(failure ? { failure: { kind: failure.kind, message: input.redact(failure.message) } } : {}),
  });
  for (let index = 0; index < input.limits.maxSteps; index++) {
    if (input.signal.aborted) throw interrupted();
    const budget = budgetExceeded(input, started);
    if (budget) return end(budget);
    let reply: PolicyReply;
    try {
      reply = await nextReply(input, messages);
    } catch (err) {
      if (input.signal.aborted) throw interrupted();
      if (!(err instanceof ModelError)) throw err;
      input.log(`model call failed: ${err.kind}: ${err.message}`);
      return end(modelStatus[err.kind], { kind: err.kind, message: err.message });
    }
    const step = await runStep(input, messages, reply, index);
    steps.push(step.record);
    if (step.failure) return end('sandbox_error', step.failure);
    if (step.finished) return end('finished');
  }
  return end('max_steps');
}
