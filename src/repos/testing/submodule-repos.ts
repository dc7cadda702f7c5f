import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { commitFiles, gitIn, makeRepo } from '../test-repo.js';

/** A superproject whose `tests/data` submodule records `lib`'s first commit, though `lib` has moved on. */
export interface SubmoduleFixture {
  /** The superproject's source repository and its commit. */
  app: string;
  appCommit: string;
  /** The submodule's source repository, the commit recorded for it and the newer one it has. */
  lib: string;
  recorded: string;
  latest: string;
}

/** Records `commit` as a gitlink at `path` in the index of `repo`. */
async function addGitlink(repo: string, path: string, commit: string): Promise<void> {
  await mkdir(join(repo, path), { recursive: true });
  await gitIn(repo, 'update-index', '--add', '--cacheinfo', `160000,${commit},${path}`);
}

/**
 * Builds `lib` (two commits; the first itself records a submodule at `vendor/inner`) and `app`, whose
 * `.gitmodules` gives `url` (a function of lib's path) for `tests/data`, at lib's first commit.
 */
export async function submoduleFixture(
  root: string,
  url: (libPath: string) => string,
): Promise<SubmoduleFixture> {
  const lib = join(root, 'lib');
  await makeRepo(lib, { 'cases/one.toml': 'a = 1\n' });
  await addGitlink(lib, 'vendor/inner', '1'.repeat(40));
  const innerModules =
    '[submodule "inner"]\n\tpath = vendor/inner\n\turl = https://example.invalid/inner.git\n';
  const recorded = await commitFiles(lib, { '.gitmodules': innerModules }, 'with a submodule of its own');
  const latest = await commitFiles(lib, { 'cases/one.toml': 'a = 2\n', 'cases/two.toml': 'b = 2\n' }, 'more');
  const app = join(root, 'app');
  await makeRepo(app, { 'test_data.py': 'open("tests/data/cases/one.toml")\n' });
  await addGitlink(app, 'tests/data', recorded);
  const modules = `[submodule "tests/data"]\n\tpath = tests/data\n\turl = ${url(lib)}\n`;
  const appCommit = await commitFiles(app, { '.gitmodules': modules }, 'add the data submodule');
  return { app, appCommit, lib, recorded, latest };
}
