import { z } from 'zod';
import { EnvSpec } from './env.js';

/**
 * A spec that passed the construction loop's check for a repository: tried first for the repository's
 * other commits (same manifest digest first, then the repository's most recent recipe).
 */
export const EnvRecipe = z.object({
  repo: z.string().regex(/^[\w.-]+\/[\w.-]+$/, 'expected owner/name'),
  /** The manifest digest of the commit it passed at (`spec.manifest_digest`); with `repo`, the key. */
  manifest_digest: z.string(),
  /** The commit whose check it passed. */
  commit: z.string().min(1),
  /** When it passed (ISO 8601); the most recent recipe of a repository is the latest. */
  passed_at: z.iso.datetime(),
  /** The check it passed: `suite` or `instance:<id>`. */
  check: z.string().min(1),
  /** Builds the loop took to find it from the detected spec. */
  attempts: z.number().int().positive(),
  /** Builds saved so far: `attempts - 1` for every other commit that started from it and passed at once. */
  saved: z.number().int().nonnegative().default(0),
  spec: EnvSpec,
});
export type EnvRecipe = z.infer<typeof EnvRecipe>;

/** A recipe file (`legofactory env recipes export|import`): plain YAML, one entry per recipe. */
export const EnvRecipeFile = z.object({
  recipes: z.array(EnvRecipe),
});
export type EnvRecipeFile = z.infer<typeof EnvRecipeFile>;
