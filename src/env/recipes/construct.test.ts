import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeRepo, tempDir } from '../../repos/test-repo.js';
import { EnvSpec } from '../../schema/env.js';
import type { ConstructOptions } from '../construct.js';
import { readLedger } from '../ledger.js';
import { ensureLocalEnv } from '../local-env.js';
import { constructWithRecipes } from './construct.js';
import { readRecipes, storeRecipes } from './store.js';

let root: string;
beforeAll(async () => {
  root = await tempDir('lf-recipes-construct-');
});
afterAll(() => rm(root, { recursive: true, force: true }));

const start = EnvSpec.parse({
  language: 'python',
  manifest_digest: 'start',
  install: ['true'],
  test_cmd: 'pytest',
  log_parser: 'pytest',
});
const recipeSpec = { ...start, manifest_digest: 'old', install: ['true', 'true'] };

/** Options whose builds are real (trivial) local environments and whose check passes every spec it gets. */
function options(repo: string, checked: EnvSpec[], notes?: string[]): ConstructOptions {
  const cacheDir = join(root, 'cache');
  return {
    cacheDir,
    subject: { repo, commit: 'c0ffee00' },
    start,
    ...(notes ? { notes } : {}),
    files: { read: () => Promise.resolve(undefined) },
    check: 'suite',
    steps: {
      build: async (spec) => {
        const dir = join(root, 'repo');
        if (!existsSync(dir)) await makeRepo(dir, { 'README.md': 'x\n' });
        return { spec, specId: '', envDir: await ensureLocalEnv(spec, dir, cacheDir) };
      },
      check: (built) => {
        checked.push(built.spec);
        return Promise.resolve({ passed: true, message: 'suite: 1 PASSED', log: '' });
      },
    },
  };
}

async function seed(repo: string) {
  const recipe = {
    repo,
    manifest_digest: 'old',
    commit: 'beef0000',
    passed_at: '2026-01-01T00:00:00.000Z',
    check: 'suite',
    attempts: 3,
    saved: 0,
    spec: recipeSpec,
  };
  await storeRecipes(join(root, 'cache'), repo, [recipe]);
}

describe('constructWithRecipes', () => {
  it("tries the repository's recipe with the commit's manifests; a pass saves attempts - 1 builds", async () => {
    const repo = 'fast/recalled';
    await seed(repo);
    const checked: EnvSpec[] = [];
    const constructed = await constructWithRecipes(options(repo, checked));
    expect(constructed.attempts).toBe(1);
    expect(checked.map((spec) => [spec.install, spec.manifest_digest])).toEqual([
      [['true', 'true'], 'start'],
    ]);
    const recipes = await readRecipes(join(root, 'cache'), repo);
    expect(recipes.map((r) => [r.manifest_digest, r.attempts, r.saved])).toEqual([
      ['old', 3, 2],
      ['start', 3, 0],
    ]);
    const [attempt] = await readLedger(join(root, 'cache'), repo);
    expect(attempt?.kind === 'attempt' && attempt.notes).toEqual([
      "recipe: the spec that passed the suite check at fast/recalled@beef0000 on 2026-01-01T00:00:00.000Z (the repository's most recent, with this commit's manifests)",
    ]);
  });

  it('leaves an explicit (--env or inline) spec alone, and stores nothing when the loop reused a spec', async () => {
    const repo = 'fast/explicit';
    await seed(repo);
    const checked: EnvSpec[] = [];
    const explicit = options(repo, checked, ['spec: --env file spec.yaml']);
    expect((await constructWithRecipes(explicit)).attempts).toBe(1);
    expect(checked).toEqual([start]);
    expect((await constructWithRecipes(explicit)).attempts).toBe(0);
    const recipes = await readRecipes(join(root, 'cache'), repo);
    expect(recipes.map((r) => [r.manifest_digest, r.attempts])).toEqual([
      ['old', 3],
      ['start', 1],
    ]);
  });
});
