import type { EnvRecipe } from '../../schema/env-recipe.js';
import { EnvSpec, envSpecId } from '../../schema/env.js';
import { readRecipes } from './store.js';

/** A stored recipe chosen for a commit, and the spec to try (with the commit's own manifests). */
export interface RecalledRecipe {
  recipe: EnvRecipe;
  /** `manifest`: same repository and manifest digest; `repo`: the repository's most recent recipe. */
  match: 'manifest' | 'repo';
  spec: EnvSpec;
}

/**
 * The recipe to try first at a commit whose detected spec is `start`: the latest one with the same
 * manifest digest, else the repository's most recent one with its manifest files and digest replaced by
 * the commit's. Undefined when the repository has none in `start`'s language, or when it is `start`.
 */
export async function recallRecipe(
  cacheDir: string,
  repo: string,
  start: EnvSpec,
): Promise<RecalledRecipe | undefined> {
  const recipes = (await readRecipes(cacheDir, repo)).filter((r) => r.spec.language === start.language);
  const exact = recipes.findLast((r) => r.manifest_digest === start.manifest_digest);
  const recipe = exact ?? recipes.at(-1);
  if (!recipe) return undefined;
  const { manifest_files, manifest_digest } = start;
  const spec = exact ? recipe.spec : EnvSpec.parse({ ...recipe.spec, manifest_files, manifest_digest });
  if (envSpecId(spec) === envSpecId(start)) return undefined;
  return { recipe, match: exact ? 'manifest' : 'repo', spec };
}

/** The ledger note saying which recipe an attempt tried. */
export function recipeNote({ recipe, match }: RecalledRecipe): string {
  const which =
    match === 'manifest'
      ? 'same manifest digest'
      : "the repository's most recent, with this commit's manifests";
  return (
    `recipe: the spec that passed the ${recipe.check} check at ${recipe.repo}@${recipe.commit.slice(0, 12)} ` +
    `on ${recipe.passed_at} (${which})`
  );
}
