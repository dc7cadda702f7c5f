import { z } from 'zod';

/** The candidate selectors TTS@k compares: the verifier and the three baselines. */
export const SelectorName = z.enum(['verifier', 'random', 'majority', 'shortest']);
export type SelectorName = z.infer<typeof SelectorName>;

/**
 * How the expectation over k-subsets was taken for selectors without a closed form (the majority vote):
 * every subset, or seeded draws. The verifier, shortest and random selectors are exact in closed form.
 */
export const SubsetMethod = z.object({
  method: z.enum(['exact', 'sampled']),
  /** Subsets evaluated per instance (the most over the instances at this k; 0 when none were enumerated). */
  subsets: z.number().int().nonnegative(),
});
export type SubsetMethod = z.infer<typeof SubsetMethod>;

/** One selector's resolve rate at one k, over the instances it could be computed on. */
export const SelectorRate = z.object({
  rate: z.number().min(0).max(1).nullable(),
  instances: z.number().int().nonnegative(),
});
export type SelectorRate = z.infer<typeof SelectorRate>;

/** Every metric at one k. Rates are means over the instances counted beside them (null when none). */
export const TtsAtK = z.object({
  k: z.number().int().positive(),
  /** Instances with at least k usable trajectories. */
  instances: z.number().int().nonnegative(),
  /** Instances left out because they have fewer than k usable trajectories. */
  short_instances: z.number().int().nonnegative(),
  /** Instances the verifier is left out on because some candidate has no score. */
  missing_score_instances: z.number().int().nonnegative(),
  pass_at_k: z.number().min(0).max(1).nullable(),
  best_at_k: z.partialRecord(SelectorName, SelectorRate),
  subsets: SubsetMethod,
});
export type TtsAtK = z.infer<typeof TtsAtK>;

/** Input that is reported and never silently averaged in. */
export const TtsBadInput = z.object({
  malformed_lines: z.number().int().nonnegative(),
  /** Trajectories repeating an (instance, sample) pair or a trajectory id; the first one is kept. */
  duplicated_samples: z.number().int().nonnegative(),
  /** Trajectories without a harness verdict (judgement null); left out. */
  unjudged_trajectories: z.number().int().nonnegative(),
  /** Usable trajectories without a verifier score (no line, or a null score). */
  missing_scores: z.number().int().nonnegative(),
  duplicated_scores: z.number().int().nonnegative(),
  /** Score lines for trajectories not in the input. */
  orphan_scores: z.number().int().nonnegative(),
  /** Instances with fewer than k usable trajectories, by k. */
  short_instances: z.record(z.string(), z.number().int().nonnegative()),
});
export type TtsBadInput = z.infer<typeof TtsBadInput>;

/** `metrics.json` of `legofactory eval tts`. */
export const TtsMetrics = z.object({
  /** What the candidates came from: the trajectories file, or a description of the baselines. */
  source: z.string(),
  scores_path: z.string().nullable(),
  instances: z.number().int().nonnegative(),
  trajectories: z.number().int().nonnegative(),
  resolved_trajectories: z.number().int().nonnegative(),
  /** The mean over instances of resolved / usable trajectories. */
  pass_at_1: z.number().min(0).max(1).nullable(),
  selectors: z.array(SelectorName),
  k: z.array(TtsAtK),
  bad_input: TtsBadInput,
  /** How the expectations were computed: exact up to `exact_limit` subsets, else `samples` seeded draws. */
  estimator: z.object({ exact_limit: z.number().int(), samples: z.number().int(), seed: z.number().int() }),
});
export type TtsMetrics = z.infer<typeof TtsMetrics>;
