import type { LedgerSubject } from '../../schema/env-ledger.js';
import type { EnvRecipe } from '../../schema/env-recipe.js';
import { envSpecId, type EnvSpec } from '../../schema/env.js';
import type { RecalledRecipe } from './recall.js';
import { readRecipes, storeRecipes } from './store.js';

/** What passed: the spec, the check, and the builds the loop took from the detected spec. */
export interface Passed {
  subject: LedgerSubject;
  check: string;
  spec: EnvSpec;
  attempts: number;
}

function recipeOf({ subject, check, spec, attempts }: Passed): EnvRecipe {
  return {
    repo: subject.repo,
    manifest_digest: spec.manifest_digest,
    commit: subject.commit,
    passed_at: new Date().toISOString(),
    check,
    attempts,
    saved: 0,
    spec,
  };
}

/**
 * Stores the spec the loop found as the recipe for its repository and manifest digest, unless that
 * recipe already holds the same spec (found earlier, with its own attempts and savings).
 */
export async function rememberFound(cacheDir: string, passed: Passed): Promise<void> {
  const { repo } = passed.subject;
  const stored = (await readRecipes(cacheDir, repo)).find(
    (r) => r.manifest_digest === passed.spec.manifest_digest,
  );
  if (stored && envSpecId(stored.spec) === envSpecId(passed.spec)) return;
  await storeRecipes(cacheDir, repo, [recipeOf(passed)]);
}

/**
 * A recalled recipe passed at once: it saved `attempts - 1` builds. From another manifest digest, the
 * spec also becomes the recipe of this commit's digest (as hard to find as the one it came from).
 */
export async function rememberRecalled(
  cacheDir: string,
  recalled: RecalledRecipe,
  passed: Omit<Passed, 'attempts'>,
): Promise<void> {
  const { recipe } = recalled;
  const bumped = { ...recipe, saved: recipe.saved + recipe.attempts - 1 };
  const own = recalled.match === 'repo' ? [recipeOf({ ...passed, attempts: recipe.attempts })] : [];
  await storeRecipes(cacheDir, recipe.repo, [bumped, ...own]);
}
