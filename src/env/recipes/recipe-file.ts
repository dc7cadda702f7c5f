import { readFile } from 'node:fs/promises';
import { parse, stringify } from 'yaml';
import type { z } from 'zod';
import { LegoError } from '../../errors.js';
import { EnvRecipeFile, type EnvRecipe } from '../../schema/env-recipe.js';
import { canonicalJson } from '../../json.js';
import { readRecipes, storeRecipes } from './store.js';

const HEADER =
  '# LegoFactory env recipes: specs that passed the check, by repository and manifest digest.\n' +
  '# Import with `legofactory env recipes import FILE`; schema: `legofactory schema env-recipes`.\n';

/** The stored recipes (of one repository when `repo` is given) as a recipe file. */
export async function exportRecipes(cacheDir: string, repo?: string): Promise<string> {
  const recipes = await readRecipes(cacheDir, repo);
  return HEADER + stringify(EnvRecipeFile.parse({ recipes }), { lineWidth: 0 });
}

function entryName(value: unknown, index: number): string {
  const entry = value as Partial<Record<'repo' | 'commit', unknown>> | undefined;
  const about = [entry?.repo, entry?.commit].filter((part) => typeof part === 'string').join(' at ');
  return `entry ${index + 1}${about ? ` (${about})` : ''}`;
}

function describeIssues(path: string, document: unknown, error: z.ZodError): string {
  const entries = (document as { recipes?: unknown[] } | undefined)?.recipes;
  const lines = error.issues.slice(0, 5).map((issue) => {
    const [top, index, ...field] = issue.path;
    if (top === 'recipes' && typeof index === 'number' && Array.isArray(entries))
      return `${entryName(entries[index], index)}: field ${field.join('.') || '(the entry)'}: ${issue.message}`;
    return `${issue.path.join('.') || 'the file'}: ${issue.message}`;
  });
  return (
    `recipe file ${path} does not validate, nothing was imported:\n  ${lines.join('\n  ')}\n` +
    'A recipe file is a mapping with a `recipes:` list, as `legofactory env recipes export` writes it.'
  );
}

/** Parses and validates a recipe file; a `bad_input` naming each bad entry and field when it is not one. */
export function parseRecipeFile(path: string, text: string): EnvRecipe[] {
  let document: unknown;
  try {
    document = parse(text);
  } catch (err) {
    throw new LegoError(
      'bad_input',
      `recipe file ${path} is not YAML (${(err as Error).message}); nothing was imported`,
    );
  }
  const parsed = EnvRecipeFile.safeParse(document);
  if (!parsed.success) throw new LegoError('bad_input', describeIssues(path, document, parsed.error));
  const seen = new Map<string, number>();
  parsed.data.recipes.forEach((recipe, index) => {
    const key = `${recipe.repo}\0${recipe.manifest_digest}`;
    const first = seen.get(key);
    if (first !== undefined)
      throw new LegoError(
        'bad_input',
        `recipe file ${path}: entries ${first + 1} and ${index + 1} are both ${recipe.repo} with manifest digest ` +
          `${recipe.manifest_digest || '(empty)'}; keep one. Nothing was imported`,
      );
    seen.set(key, index);
  });
  return parsed.data.recipes;
}

/**
 * Imports a recipe file into the cache's recipe store: all entries or, when one does not validate, none.
 * An entry equal to the stored recipe of its key is left as it is; any other replaces it.
 */
export async function importRecipes(
  cacheDir: string,
  path: string,
): Promise<{ imported: number; unchanged: number }> {
  const text = await readFile(path, 'utf8').catch((err: unknown) => {
    throw new LegoError('bad_input', `cannot read recipe file ${path}: ${(err as Error).message}`);
  });
  const recipes = parseRecipeFile(path, text);
  const byRepo = new Map<string, EnvRecipe[]>();
  for (const recipe of recipes) byRepo.set(recipe.repo, [...(byRepo.get(recipe.repo) ?? []), recipe]);
  let imported = 0;
  for (const [repo, incoming] of byRepo) {
    const stored = new Set((await readRecipes(cacheDir, repo)).map((recipe) => canonicalJson(recipe)));
    const fresh = incoming.filter((recipe) => !stored.has(canonicalJson(recipe)));
    await storeRecipes(cacheDir, repo, fresh);
    imported += fresh.length;
  }
  return { imported, unchanged: recipes.length - imported };
}
