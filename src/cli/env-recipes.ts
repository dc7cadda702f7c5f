import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { exportRecipes, importRecipes } from '../env/recipes/recipe-file.js';
import { recipesDir } from '../env/recipes/store.js';
import { defaultCacheDir } from './options.js';

interface RecipeFlags {
  cache: string;
  repo?: string;
  out?: string;
}

/** `env recipes export|import`: the recipe store as a plain YAML file, to share or to seed a cache. */
export function registerEnvRecipes(env: Command): void {
  const recipes = env
    .command('recipes')
    .description(
      'recipes are the specs that passed the check, per repository and manifest digest; they are tried ' +
        "first for the repository's other commits. Export and import them as a YAML file",
    );
  const cache = [
    '--cache <dir>',
    'the cache holding the recipe store',
    defaultCacheDir(process.env),
  ] as const;
  recipes
    .command('export')
    .description('print the stored recipes as YAML (or write them to --out)')
    .option('--repo <owner/name>', "only this repository's recipes")
    .option('--out <file>', 'write the YAML here instead of stdout')
    .option(...cache)
    .action(async (flags: RecipeFlags) => {
      const text = await exportRecipes(flags.cache, flags.repo);
      if (flags.out === undefined) return console.log(text.trimEnd());
      await writeFile(flags.out, text);
      console.error(`recipes written to ${flags.out}`);
    });
  recipes
    .command('import <file>')
    .description(
      'add the recipes of a YAML file to the store (all or, when an entry does not validate, none)',
    )
    .option(...cache)
    .action(async (file: string, flags: RecipeFlags) => {
      const { imported, unchanged } = await importRecipes(flags.cache, file);
      console.log(
        `${imported} recipe(s) imported, ${unchanged} already stored, into ${recipesDir(flags.cache)}`,
      );
    });
}
