import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { storeRecipes } from '../env/recipes/store.js';
import { tempDir } from '../repos/test-repo.js';
import { EnvSpec } from '../schema/env.js';
import { runCli } from './test-cli.js';

let root: string;
let cache: string;
beforeAll(async () => {
  root = await tempDir('lf-cli-recipes-');
  cache = join(root, 'cache');
  const spec = (install: string[]) =>
    EnvSpec.parse({ language: 'python', install, test_cmd: 'pytest {tests}', log_parser: 'pytest' });
  const recipe = (repo: string, digest: string, day: number, install: string[]) => ({
    repo,
    manifest_digest: digest,
    commit: `${digest}0000`,
    passed_at: `2026-03-0${day}T10:00:00.000Z`,
    check: 'suite',
    attempts: 3,
    saved: day,
    spec: { ...spec(install), manifest_digest: digest, manifest_files: ['setup.py'] },
  });
  await storeRecipes(cache, 'acme/calc', [
    recipe('acme/calc', 'bbb', 2, ['export PBR_VERSION=0.0.0', 'pip install -e .']),
    recipe('acme/calc', 'aaa', 1, ['pip install -e ".[tests]"']),
  ]);
  await storeRecipes(cache, 'acme/web', [recipe('acme/web', 'ccc', 3, ['pip install -e .'])]);
});
afterAll(() => rm(root, { recursive: true, force: true }));

const recipesFlag = (dir: string) => ['--cache', dir];

describe('legofactory env recipes export|import', () => {
  it('round-trips exactly; a second import changes nothing', async () => {
    const file = join(root, 'all.yaml');
    await runCli('env', 'recipes', 'export', '--out', file, ...recipesFlag(cache));
    const text = await readFile(file, 'utf8');
    const exported = parse(text) as { recipes: { repo: string; manifest_digest: string }[] };
    expect(exported.recipes.map((r) => `${r.repo} ${r.manifest_digest}`)).toEqual([
      'acme/calc aaa',
      'acme/calc bbb',
      'acme/web ccc',
    ]);
    const fresh = join(root, 'fresh');
    expect(await runCli('env', 'recipes', 'import', file, ...recipesFlag(fresh))).toMatch(
      /^3 recipe\(s\) imported, 0 already stored/,
    );
    expect(`${await runCli('env', 'recipes', 'export', ...recipesFlag(fresh))}\n`).toBe(text);
    expect(await runCli('env', 'recipes', 'import', file, ...recipesFlag(fresh))).toMatch(
      /^0 recipe\(s\) imported, 3 already stored/,
    );
  });

  it('--repo exports one repository', async () => {
    const text = await runCli('env', 'recipes', 'export', '--repo', 'acme/web', ...recipesFlag(cache));
    expect((parse(text) as { recipes: { repo: string }[] }).recipes.map((r) => r.repo)).toEqual(['acme/web']);
  });

  it('a file with a bad entry names the entry and field, and imports nothing', async () => {
    const text = await runCli('env', 'recipes', 'export', ...recipesFlag(cache));
    const document = parse(text) as { recipes: Record<string, unknown>[] };
    const spec = document.recipes[1]!['spec'] as Record<string, unknown>;
    delete spec['test_cmd'];
    document.recipes[2]!['attempts'] = 0;
    const file = join(root, 'bad.yaml');
    await writeFile(file, JSON.stringify(document));
    const empty = join(root, 'empty');
    const importing = runCli('env', 'recipes', 'import', file, ...recipesFlag(empty));
    await expect(importing).rejects.toMatchObject({ code: 'bad_input' });
    await expect(importing).rejects.toThrow(
      /does not validate, nothing was imported:\n {2}entry 2 \(acme\/calc at bbb0000\): field spec\.test_cmd: .*\n {2}entry 3 \(acme\/web at ccc0000\): field attempts: /,
    );
    expect(await runCli('env', 'recipes', 'export', ...recipesFlag(empty))).toMatch(/^recipes: \[\]$/m);
  });

  it('a file that lists one key twice, or is not YAML, is refused', async () => {
    const text = await runCli('env', 'recipes', 'export', '--repo', 'acme/web', ...recipesFlag(cache));
    const document = parse(text) as { recipes: unknown[] };
    const twice = join(root, 'twice.yaml');
    await writeFile(twice, JSON.stringify({ recipes: [document.recipes[0], document.recipes[0]] }));
    await expect(runCli('env', 'recipes', 'import', twice, ...recipesFlag(cache))).rejects.toThrow(
      /entries 1 and 2 are both acme\/web with manifest digest ccc; keep one/,
    );
    const broken = join(root, 'broken.yaml');
    await writeFile(broken, 'recipes: [\n');
    await expect(runCli('env', 'recipes', 'import', broken, ...recipesFlag(cache))).rejects.toThrow(
      /recipe file .*broken\.yaml is not YAML/,
    );
  });
});
