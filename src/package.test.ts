import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { packageRoot } from './package-root.js';

/** What the code reads relative to the installed package at run time (see `packageRoot()` callers). */
const readAtRunTime = [
  'dist/cli/main.js',
  'dist/blocks/sft/worker.js',
  'src/agent/prompts/system.md',
  'src/blocks/sft/prompts/verifier.md',
  'src/blocks/swegen/synth/prompts/lm-modify.md',
  'src/blocks/swegen/synth/prompts/lm-rewrite.md',
  'src/blocks/swegen/synth/prompts/statement.md',
  'src/examples/repos/textkit.package-lock.json',
  'trainer/pyproject.toml',
];

/** The package as `npm pack` makes it, built from this tree in a scratch copy so the checkout's dist is untouched. */
async function pack(root: string): Promise<{ tarball: string; files: string[] }> {
  const stage = join(root, 'stage');
  await mkdir(stage);
  const source = packageRoot();
  for (const entry of ['package.json', 'package-lock.json', 'tsconfig.json', 'tsup.config.ts', 'bin', 'src'])
    await cp(join(source, entry), join(stage, entry), { recursive: true });
  for (const entry of ['examples', 'docs', 'trainer'].filter((entry) => existsSync(join(source, entry))))
    await cp(join(source, entry), join(stage, entry), {
      recursive: true,
      filter: (path) => !/(__pycache__|\.pytest_cache)/.test(path),
    });
  await symlink(join(source, 'node_modules'), join(stage, 'node_modules'));
  await execa(join(stage, 'node_modules', '.bin', 'tsup'), { cwd: stage });
  const { stdout } = await execa('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', root], {
    cwd: stage,
  });
  const [packed] = JSON.parse(stdout) as { filename: string; files: { path: string }[] }[];
  return { tarball: join(root, packed!.filename), files: packed!.files.map((f) => f.path) };
}

describe('the installed package', () => {
  it(
    'holds every file read at run time, installs from its tarball, and its quickstart prints the OK verdict',
    // Cold: npm installs the package's dependencies (native ones compile), then the quickstart builds its
    // environments in a fresh cache.
    { timeout: 1_800_000 },
    async () => {
      const root = await mkdtemp(join(tmpdir(), 'lf-package-'));
      const { tarball, files } = await pack(root);
      expect(readAtRunTime.filter((path) => !files.includes(path))).toEqual([]);
      expect(files.some((path) => path.startsWith('docker/'))).toBe(false);

      const app = join(root, 'app');
      await mkdir(app);
      await writeFile(join(app, 'package.json'), '{ "name": "lf-install-test", "private": true }\n');
      await execa('npm', ['install', '--no-audit', '--no-fund', tarball], { cwd: app });
      const cache = join(root, 'cache');
      const run = await execa('npx', ['--no-install', 'legofactory', 'quickstart', '--sandbox', 'local'], {
        cwd: app,
        env: { LEGOFACTORY_CACHE: cache },
        reject: false,
        all: true,
      });
      const lines = run.all.trim().split('\n');
      expect({ exitCode: run.exitCode, last: lines.at(-1) }).toEqual({
        exitCode: 0,
        last: 'quickstart: OK — every number matches what the examples guarantee',
      });
      // Results and inputs in the cache; nothing written in the directory it ran from.
      expect((await readdir(join(cache, 'quickstart'))).sort()).toEqual(['runs', 'sft', 'swegen']);
      expect(await readdir(cache)).toContain('examples');
      expect((await readdir(app)).sort()).toEqual(['node_modules', 'package-lock.json', 'package.json']);
      await rm(root, { recursive: true, force: true });
    },
  );
});
