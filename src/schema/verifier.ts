import { z } from 'zod';
import { TrajectoryUsage } from './trajectory.js';

/** Where a verifier score came from: the YES/NO logprobs, the parsed answer (0/1), or nothing usable. */
export const ScoreSource = z.enum(['logprobs', 'answer', 'none']);
export type ScoreSource = z.infer<typeof ScoreSource>;

/** A generative verifier's judgement of one trajectory: P(YES) against P(NO) at the answer token, or the parsed answer. */
export const VerifierScore = z.object({
  trajectory_id: z.string(),
  instance_id: z.string(),
  sample: z.number().int().nonnegative(),
  /** The score in [0, 1]; null when the reply held neither logprobs nor a YES/NO answer. */
  score: z.number().min(0).max(1).nullable(),
  score_source: ScoreSource,
  /** The answer the reply gave, if any. */
  answer: z.enum(['YES', 'NO']).nullable(),
  /** The probabilities of YES and NO read from the top logprobs at the answer token (logprobs only). */
  p_yes: z.number().min(0).max(1).optional(),
  p_no: z.number().min(0).max(1).optional(),
  /**
   * The answer absent from the top logprobs: its p_yes or p_no is an upper bound (the least likely listed
   * token, the mass the list leaves over, floored at 1e-12), so the score stays strictly between 0 and 1.
   */
  missing: z.enum(['YES', 'NO']).optional(),
  /** Whether the endpoint took the answer's opening (`<judgement>`) as a prefilled assistant turn. */
  prefilled: z.boolean().optional(),
  /** The verifier's reply text, cut to its first 2,000 characters. */
  reply: z.string(),
  model: z.string(),
  usage: TrajectoryUsage,
  duration_ms: z.number().nonnegative(),
});
export type VerifierScore = z.infer<typeof VerifierScore>;
