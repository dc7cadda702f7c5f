import { z } from 'zod';
import { ToolCall } from './trajectory.js';

/** One message of an SFT sample: the trajectory's message with its loss weight and, when masked, why. */
export const SftMessage = z.object({
  role: z.enum(['system', 'user', 'assistant', 'tool']),
  content: z.string(),
  tool_calls: z.array(ToolCall).optional(),
  tool_call_id: z.string().optional(),
  name: z.string().optional(),
  /** 1: the loss covers this assistant message; 0: it stays in context only (every non-assistant message). */
  weight: z.union([z.literal(0), z.literal(1)]),
  /** The step label that masked an assistant message (see agent/step-errors), else null. */
  error_reason: z.string().nullable(),
});
export type SftMessage = z.infer<typeof SftMessage>;

/** Where a sample's trajectory came from: who acted, which model, and which endpoint (never its key). */
export const SftProvenance = z.object({
  /** `gold` for a replayed reference patch, which `sft build` leaves out unless asked (`--include-gold`). */
  policy: z.enum(['model', 'gold']),
  model: z.string(),
  /** The endpoint's base URL, credentials left out; null for gold replays and older trajectories. */
  endpoint: z.string().nullable(),
});
export type SftProvenance = z.infer<typeof SftProvenance>;

/** One training sample built from one judged trajectory (`--format messages` writes exactly this). */
export const SftSample = z.object({
  sample_id: z.string(),
  trajectory_id: z.string(),
  instance_id: z.string(),
  repo: z.string(),
  base_commit: z.string(),
  resolved: z.boolean(),
  partial: z.boolean(),
  provenance: SftProvenance,
  /** How tool calls travel: `native` OpenAI tool calls, or the `text` function-call format. */
  format: z.enum(['native', 'text']),
  tools: z.array(z.record(z.string(), z.unknown())),
  messages: z.array(SftMessage),
  /** Assistant turns, and how many of them are masked. */
  turns: z.number().int().nonnegative(),
  masked_turns: z.number().int().nonnegative(),
  /** Tokens of the whole conversation under the build's tokenizer, and of its trained turns. */
  tokens: z.number().int().nonnegative(),
  trained_tokens: z.number().int().nonnegative(),
  /** Repairs applied to this sample, by reason (empty when none). */
  repairs: z.array(z.string()),
});
export type SftSample = z.infer<typeof SftSample>;

const Histogram = z.object({ edges: z.array(z.number()), counts: z.array(z.number().int()) });

/** What `sft build` did: kept and dropped samples by reason, masking, and the curriculum stages. */
export const SftStats = z.object({
  format: z.string(),
  tokenizer: z.string(),
  inputs: z.array(z.string()),
  records: z.number().int().nonnegative(),
  kept: z.number().int().nonnegative(),
  /** Trajectories left out by policy, by reason: `gold_policy`, `touches_test_infra` (see the include flags). */
  excluded: z.record(z.string(), z.number().int()),
  dropped: z.record(z.string(), z.number().int()),
  repaired: z.record(z.string(), z.number().int()),
  assistant_turns: z.number().int().nonnegative(),
  masked_turns: z.number().int().nonnegative(),
  masked_turn_fraction: z.number(),
  tokens: z.number().int().nonnegative(),
  trained_tokens: z.number().int().nonnegative(),
  curriculum: z.object({
    difficulty: z.enum(['turns', 'tokens']),
    stages: z.number().int().positive(),
    /** Upper difficulty bound of each stage but the last (quantiles of the kept samples). */
    boundaries: z.array(z.number()),
  }),
  stages: z.array(
    z.object({
      stage: z.number().int().positive(),
      file: z.string(),
      samples: z.number().int().nonnegative(),
      turns: Histogram,
      tokens: Histogram,
    }),
  ),
  ordered_file: z.string(),
  /** Kept samples by where their trajectories came from. */
  provenance: z.array(SftProvenance.extend({ samples: z.number().int().nonnegative() })),
  verifier: z
    .object({
      file: z.string(),
      yes: z.number().int().nonnegative(),
      no: z.number().int().nonnegative(),
      balance: z.string(),
      dropped: z.record(z.string(), z.number().int()),
    })
    .optional(),
  duration_ms: z.number().nonnegative(),
});
export type SftStats = z.infer<typeof SftStats>;
