import { z } from 'zod';
import { Candidate } from './swegen.js';

const Count = z.number().int().nonnegative();

/** How synthetic bugs are made: procedural AST transforms, model edits, or merging validated bugs. */
export const SynthStrategy = z.enum(['procedural', 'lm-modify', 'lm-rewrite', 'combine']);
export type SynthStrategy = z.infer<typeof SynthStrategy>;

/** Tokens and cost of the model calls behind one candidate (or one strategy). */
export const ModelUsage = z.object({
  prompt_tokens: Count,
  completion_tokens: Count,
  cost_usd: z.number().nonnegative(),
  model_calls: Count,
});
export type ModelUsage = z.infer<typeof ModelUsage>;

/** One synthetic bug before its tests ran: the bug diff, its reverse (the fix) and the buggy base commit. */
export const SynthBug = z.object({
  instance_id: z.string().min(1),
  repo: z.string().regex(/^[\w.-]+\/[\w.-]+$/, 'expected "owner/name"'),
  original_commit: z.string().regex(/^[0-9a-f]{40}$/),
  base_commit: z.string().regex(/^[0-9a-f]{40}$/),
  strategy: SynthStrategy,
  /** The procedural transform, or the strategy's name for the others. */
  transform: z.string(),
  files: z.array(z.string()),
  /** The function (`Class.method`) or class changed; empty for combinations. */
  unit: z.string(),
  bug_diff: z.string(),
  /** The fix: the bug diff reversed. */
  patch: z.string(),
  /** Strategy parameters: seed, line, model, parts... recorded in the instance's `source`. */
  params: z.record(z.string(), z.unknown()),
  usage: ModelUsage.optional(),
  created_at: z.string(),
  /** The environment spec id detected at the original commit. */
  version: z.string(),
});
export type SynthBug = z.infer<typeof SynthBug>;

/** What bug generation did for one repository at one commit. */
export const SynthResult = z.object({
  repo: z.string(),
  commit: z.string(),
  files: z.object({ parsed: Count, skipped: z.record(z.string(), Count) }),
  functions: Count,
  /** Gated places each procedural transform could change. */
  sites: z.record(z.string(), Count),
  /** Where the preference for exercised functions came from. */
  preference: z.enum(['coverage', 'test_references']),
  preference_note: z.string().default(''),
  bugs: z.record(z.string(), Count),
  /** Bugs made but not kept, by strategy and reason. */
  rejected: z.array(z.object({ strategy: SynthStrategy, reason: z.string(), count: Count })),
  usage: z.record(z.string(), ModelUsage),
  bugs_path: z.string(),
  duration_ms: z.number().nonnegative(),
});
export type SynthResult = z.infer<typeof SynthResult>;

/** Where a synthetic candidate's problem statement came from. */
export const SynthStatementSource = z.enum(['model', 'tests']);

/** One bug's probe: its tests run once against the bug; kept (a candidate) when it breaks a passing test. */
export const ProbeRecord = z.object({
  instance_id: z.string(),
  strategy: SynthStrategy,
  status: z.enum(['kept', 'rejected']),
  reason: z.string().optional(),
  message: z.string().default(''),
  /** Tests that passed at the original commit and fail (or vanish) with the bug. */
  broken: z.array(z.string()).default([]),
  statement_source: SynthStatementSource.optional(),
  /** Why a model statement was not used, when one was asked for. */
  statement_note: z.string().optional(),
  /** The statement writer's model calls (the bug's own are on the bug). */
  usage: ModelUsage.optional(),
  candidate: Candidate.optional(),
  duration_ms: z.number().nonnegative(),
});
export type ProbeRecord = z.infer<typeof ProbeRecord>;
