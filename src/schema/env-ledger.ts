import { z } from 'zod';
import { EnvSpec } from './env.js';

/** What an environment is built for: a repository at a commit, and the instance when there is one. */
export const LedgerSubject = z.object({
  repo: z.string(),
  commit: z.string(),
  instance_id: z.string().optional(),
});
export type LedgerSubject = z.infer<typeof LedgerSubject>;

const common = {
  /** One run of the construction loop; its attempts and its result share it. */
  construction: z.string(),
  ...LedgerSubject.shape,
  /** The spec the loop started from (detected, inline or `--env`). */
  start_spec_id: z.string(),
  time: z.string(),
};

/** A setup agent's run: its model, how it ended, its steps, and the tokens and cost it used. */
export const SetupAgentRecord = z.object({
  model: z.string(),
  endpoint: z.string(),
  /** `proposed` when it wrote a spec; otherwise why it stopped (`looping`, `max_steps`, `token_budget`, ...). */
  status: z.string(),
  steps: z.number().int().nonnegative(),
  prompt_tokens: z.number().int().nonnegative(),
  completion_tokens: z.number().int().nonnegative(),
  total_tokens: z.number().int().nonnegative(),
  cost_usd: z.number().nonnegative(),
  message: z.string(),
});
export type SetupAgentRecord = z.infer<typeof SetupAgentRecord>;

/** One attempt: the spec tried, how far it got, and what was repaired for the next one. */
export const LedgerAttempt = z.object({
  kind: z.literal('attempt'),
  ...common,
  attempt: z.number().int().positive(),
  spec_id: z.string().optional(),
  spec: EnvSpec.optional(),
  phase: z.enum(['detect', 'build', 'check']),
  passed: z.boolean(),
  /** How the phase ended, in one line. */
  message: z.string(),
  log_tail: z.string().default(''),
  /** Where the starting spec came from (detection's notes); on a construction's first attempt. */
  notes: z.array(z.string()).optional(),
  diagnosis: z.object({ rule: z.string(), line: z.string(), subject: z.string() }).optional(),
  /** The spec the repair produced, tried by the next attempt. */
  repair: z.object({ rule: z.string(), spec_id: z.string() }).optional(),
  /** The LLM setup agent's run after this attempt, when no rule repaired it: what it cost and how it ended. */
  agent: SetupAgentRecord.optional(),
  duration_ms: z.number().nonnegative(),
});
export type LedgerAttempt = z.infer<typeof LedgerAttempt>;

/** How a construction ended: the spec that passed its check, or why none did. */
export const LedgerResult = z.object({
  kind: z.literal('result'),
  ...common,
  status: z.enum(['ready', 'failed']),
  /** The check the final spec passed: `suite`, or `instance:<id>`. */
  check: z.string(),
  final_spec_id: z.string().optional(),
  final_spec: EnvSpec.optional(),
  attempts: z.number().int().nonnegative(),
  message: z.string(),
});
export type LedgerResult = z.infer<typeof LedgerResult>;

/** A line of the env ledger (`<cache>/env-ledger/<owner>+<name>.jsonl`). */
export const LedgerEntry = z.discriminatedUnion('kind', [LedgerAttempt, LedgerResult]);
export type LedgerEntry = z.infer<typeof LedgerEntry>;
