import { readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { EnvRecipe } from '../../schema/env-recipe.js';
import { appendLinesSynced } from '../../store/append-synced.js';
import { readValidRecords } from '../../store/jsonl.js';

/** The recipe store's directory: one append-only JSONL file per repository. */
export function recipesDir(cacheDir: string): string {
  return join(resolve(cacheDir), 'env-recipes');
}

/** `<cache>/env-recipes/<owner>+<name>.jsonl`. */
export function recipesPath(cacheDir: string, repo: string): string {
  return join(recipesDir(cacheDir), `${repo.replaceAll('/', '+')}.jsonl`);
}

const keyOf = (recipe: EnvRecipe) => `${recipe.repo}\0${recipe.manifest_digest}`;

/** Appends recipes (all of one repository); for a key already stored, the later line wins. */
export async function storeRecipes(
  cacheDir: string,
  repo: string,
  recipes: readonly EnvRecipe[],
): Promise<void> {
  const lines = recipes.map((recipe) => JSON.stringify(EnvRecipe.parse({ ...recipe, repo })));
  await appendLinesSynced(recipesPath(cacheDir, repo), lines);
}

/**
 * The stored recipes of one repository (every repository's when `repo` is undefined): the latest line of
 * each (repository, manifest digest), ordered by repository, then by when they passed (oldest first).
 */
export async function readRecipes(cacheDir: string, repo?: string): Promise<EnvRecipe[]> {
  const names =
    repo !== undefined
      ? [recipesPath(cacheDir, repo)]
      : (await readdir(recipesDir(cacheDir)).catch(() => [] as string[]))
          .filter((name) => name.endsWith('.jsonl'))
          .map((name) => join(recipesDir(cacheDir), name));
  const latest = new Map<string, EnvRecipe>();
  for (const path of names)
    for (const recipe of await readValidRecords(path, EnvRecipe)) latest.set(keyOf(recipe), recipe);
  return [...latest.values()].sort(
    (a, b) =>
      compare(a.repo, b.repo) ||
      compare(a.passed_at, b.passed_at) ||
      compare(a.manifest_digest, b.manifest_digest),
  );
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
