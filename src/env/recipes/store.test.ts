import { appendFile, readFile, rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../repos/test-repo.js';
import type { EnvRecipe } from '../../schema/env-recipe.js';
import { EnvSpec } from '../../schema/env.js';
import { recallRecipe } from './recall.js';
import { readRecipes, recipesPath, storeRecipes } from './store.js';

let cache: string;
beforeAll(async () => {
  cache = await tempDir('lf-recipes-store-');
});
afterAll(() => rm(cache, { recursive: true, force: true }));

const spec = (digest: string, install: string[] = []) =>
  EnvSpec.parse({
    language: 'python',
    manifest_files: ['pyproject.toml'],
    manifest_digest: digest,
    install,
    test_cmd: 'python -m pytest {tests}',
    log_parser: 'pytest',
  });

function recipe(repo: string, digest: string, passedAt: string, install: string[] = []): EnvRecipe {
  return {
    repo,
    manifest_digest: digest,
    commit: `c-${digest}`,
    passed_at: passedAt,
    check: 'suite',
    attempts: 2,
    saved: 0,
    spec: spec(digest, install),
  };
}

describe('the recipe store', () => {
  it('keeps every line of concurrent writers; the latest line of a key wins', async () => {
    const repo = 'acme/concurrent';
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        storeRecipes(cache, repo, [recipe(repo, `d${i % 3}`, `2026-01-01T00:00:${String(10 + i)}.000Z`)]),
      ),
    );
    const lines = (await readFile(recipesPath(cache, repo), 'utf8')).trimEnd().split('\n');
    expect(lines).toHaveLength(12);
    expect(lines.every((line) => JSON.parse(line) as unknown)).toBe(true);
    const latest = await readRecipes(cache, repo);
    expect(latest.map((r) => r.manifest_digest).sort()).toEqual(['d0', 'd1', 'd2']);
  });

  it('a line torn by a crash is skipped, and the next write starts on a line of its own', async () => {
    const repo = 'acme/torn';
    await storeRecipes(cache, repo, [recipe(repo, 'a', '2026-01-01T00:00:00.000Z')]);
    await appendFile(recipesPath(cache, repo), '{"repo":"acme/torn","manifest_dig');
    await storeRecipes(cache, repo, [recipe(repo, 'b', '2026-01-02T00:00:00.000Z')]);
    expect((await readRecipes(cache, repo)).map((r) => r.manifest_digest)).toEqual(['a', 'b']);
  });
});

describe('recallRecipe', () => {
  const repo = 'acme/recall';
  beforeAll(() =>
    storeRecipes(cache, repo, [
      recipe(repo, 'new', '2026-02-01T00:00:00.000Z', ['export X=1']),
      recipe(repo, 'old', '2026-01-01T00:00:00.000Z', ['export X=0']),
    ]),
  );

  it('takes the recipe of the same manifest digest first', async () => {
    const recalled = await recallRecipe(cache, repo, spec('old'));
    expect(recalled?.match).toBe('manifest');
    expect(recalled?.spec).toEqual(spec('old', ['export X=0']));
  });

  it("else the repository's most recent, with the commit's own manifest files and digest", async () => {
    const start = { ...spec('other'), manifest_files: ['setup.cfg', 'pyproject.toml'] };
    const recalled = await recallRecipe(cache, repo, start);
    expect(recalled?.match).toBe('repo');
    expect(recalled?.recipe.manifest_digest).toBe('new');
    expect(recalled?.spec).toEqual({ ...start, install: ['export X=1'] });
  });

  it('nothing for another language, another repository, or a recipe equal to the detected spec', async () => {
    expect(await recallRecipe(cache, repo, { ...spec('new'), language: 'javascript' })).toBeUndefined();
    expect(await recallRecipe(cache, 'acme/none', spec('new'))).toBeUndefined();
    expect(await recallRecipe(cache, repo, spec('new', ['export X=1']))).toBeUndefined();
  });
});
