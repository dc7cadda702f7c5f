import { z } from 'zod';
import { Lineage } from './lineage.js';
import { ResolutionStatus, EvalStatus, TestsStatus } from './report.js';

/** One call the assistant asked for, as the OpenAI chat API carries it (arguments are JSON text). */
export const ToolCall = z.object({
  id: z.string(),
  type: z.literal('function'),
  function: z.object({ name: z.string(), arguments: z.string() }),
});
export type ToolCall = z.infer<typeof ToolCall>;

/** An OpenAI-style chat message, exactly as the model saw it (or, for the last reply, produced it). */
export const ChatMessage = z.discriminatedUnion('role', [
  z.object({ role: z.literal('system'), content: z.string() }),
  z.object({ role: z.literal('user'), content: z.string() }),
  z.object({
    role: z.literal('assistant'),
    content: z.string().nullable(),
    tool_calls: z.array(ToolCall).optional(),
    /** Reasoning text some servers return beside the reply; never sent back to the model. */
    reasoning_content: z.string().optional(),
  }),
  z.object({ role: z.literal('tool'), tool_call_id: z.string(), name: z.string(), content: z.string() }),
]);
export type ChatMessage = z.infer<typeof ChatMessage>;

/** How one tool call went. `error` is null, or why the call counts as a mistake (see agent/step-errors). */
export const CallRecord = z.object({
  tool: z.string().nullable(),
  arguments: z.record(z.string(), z.unknown()).nullable(),
  exit_code: z.number().int().nullable(),
  duration_ms: z.number().nonnegative(),
  error: z.string().nullable(),
  error_detail: z.string().optional(),
});
export type CallRecord = z.infer<typeof CallRecord>;

/**
 * One assistant step: the reply at `messages[message_index]` and what its calls did. The tool fields
 * describe its first call (all null for a reply with no call); `error` is the first error among all its
 * calls; a reply with several calls lists the others in `extra_calls`. Durations are the tools' time,
 * `model_ms` the model's (retries included).
 */
export const StepRecord = CallRecord.extend({
  index: z.number().int().nonnegative(),
  message_index: z.number().int().nonnegative(),
  model_ms: z.number().nonnegative(),
  prompt_tokens: z.number().int().nonnegative(),
  completion_tokens: z.number().int().nonnegative(),
  extra_calls: z.array(CallRecord).optional(),
});
export type StepRecord = z.infer<typeof StepRecord>;

/** Why a rollout stopped. Everything but `finished` is a stop rule or a fault; all keep what was produced. */
export const TrajectoryStatus = z.enum([
  'finished',
  'max_steps',
  'token_budget',
  'cost_budget',
  'time_budget',
  'model_unreachable',
  'model_error',
  'context_overflow',
  'empty_response',
  'stream_cut',
  'sandbox_error',
]);
export type TrajectoryStatus = z.infer<typeof TrajectoryStatus>;

/** The harness's verdict on the final patch (null when the workspace could not be read). */
export const TrajectoryJudgement = z.object({
  status: EvalStatus,
  message: z.string(),
  resolved: z.boolean(),
  /** Semi-resolved: some but not all FAIL_TO_PASS tests pass, and every PASS_TO_PASS test does. */
  partial: z.boolean(),
  resolution: ResolutionStatus,
  tests_status: TestsStatus.optional(),
  apply_method: z.string().nullable(),
  /** Test-infrastructure paths the final patch adds or changes (see EvalReport); absent or empty: none. */
  touches_test_infra: z.array(z.string()).optional(),
  duration_ms: z.number().nonnegative(),
});
export type TrajectoryJudgement = z.infer<typeof TrajectoryJudgement>;

export const SamplingParams = z.object({
  temperature: z.number().optional(),
  top_p: z.number().optional(),
  max_tokens: z.number().int().positive().optional(),
  seed: z.number().int().optional(),
});
export type SamplingParams = z.infer<typeof SamplingParams>;

export const TrajectoryUsage = z.object({
  prompt_tokens: z.number().int().nonnegative(),
  completion_tokens: z.number().int().nonnegative(),
  total_tokens: z.number().int().nonnegative(),
  cost_usd: z.number().nonnegative(),
  model_calls: z.number().int().nonnegative(),
  retries: z.number().int().nonnegative(),
  model_ms: z.number().nonnegative(),
});
export type TrajectoryUsage = z.infer<typeof TrajectoryUsage>;

/** One judged agent rollout on one instance: what the model saw and did, step labels, patch and verdict. */
export const Trajectory = z.object({
  trajectory_id: z.string(),
  instance_id: z.string(),
  repo: z.string(),
  base_commit: z.string(),
  sample: z.number().int().nonnegative(),
  /** `model` for an LLM, `gold` for the replayed reference patch. */
  policy: z.enum(['model', 'gold']),
  model: z.string(),
  /** The model endpoint's base URL, credentials left out (model policy; absent for gold). */
  endpoint: z.string().optional(),
  format: z.enum(['native', 'text']),
  /** The OpenAI `tools` list sent with every request (native format; empty for text). */
  tools: z.array(z.record(z.string(), z.unknown())),
  messages: z.array(ChatMessage),
  steps: z.array(StepRecord),
  status: TrajectoryStatus,
  failure: z.object({ kind: z.string(), message: z.string() }).optional(),
  /** The workspace diff against base_commit, after the new-file rule (docs/trajgen.md). */
  patch: z.string(),
  /** New files left out of `patch` because the agent only ran them as scripts. */
  dropped_files: z.array(z.string()),
  judgement: TrajectoryJudgement.nullable(),
  resolved: z.boolean(),
  partial: z.boolean(),
  sampling: SamplingParams,
  usage: TrajectoryUsage,
  env_id: z.string().optional(),
  duration_ms: z.number().nonnegative(),
  started_at: z.string(),
  /** Where it came from, stamped by a pipeline stage; exporters leave it out of training text. */
  lineage: Lineage.optional(),
});
export type Trajectory = z.infer<typeof Trajectory>;
