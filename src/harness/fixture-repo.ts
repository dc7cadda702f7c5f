import { createHash } from 'node:crypto';
import { lstat, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { execa } from 'execa';

/** Test helper: real git repositories in temp dirs for the harness tests. */

/** Runs git in `dir` with a fixed identity; resolves to stdout. */
export async function gitIn(dir: string, ...args: string[]): Promise<string> {
  const identity = ['-c', 'user.name=LegoFactory Test', '-c', 'user.email=test@legofactory.invalid'];
  const { stdout } = await execa('git', [...identity, ...args], { cwd: dir, stripFinalNewline: false });
  return stdout;
}

/** Writes files (parents created); a `null` content deletes the file. */
export async function writeFiles(dir: string, files: Record<string, string | Buffer | null>): Promise<void> {
  for (const [path, content] of Object.entries(files)) {
    const target = join(dir, path);
    if (content === null) await rm(target, { force: true });
    else await mkdir(dirname(target), { recursive: true }).then(() => writeFile(target, content));
  }
}

/** A temp dir holding `repo/`, a git repository with `files` committed; returns the repo and its commit. */
export async function makeRepo(
  files: Record<string, string | Buffer>,
): Promise<{ dir: string; base: string }> {
  const dir = join(await mkdtemp(join(tmpdir(), 'lf-harness-test-')), 'repo');
  await mkdir(dir);
  await gitIn(dir, 'init', '-q', '-b', 'main');
  await writeFiles(dir, files);
  await gitIn(dir, 'add', '-A');
  await gitIn(dir, 'commit', '-q', '-m', 'base');
  return { dir, base: (await gitIn(dir, 'rev-parse', 'HEAD')).trim() };
}

/** The binary-safe diff that `changes` make to the committed tree; the tree is put back afterwards. */
export async function diffOf(dir: string, changes: Record<string, string | Buffer | null>): Promise<string> {
  await writeFiles(dir, changes);
  await gitIn(dir, 'add', '-A');
  const diff = await gitIn(dir, 'diff', '--cached', '--binary');
  await gitIn(dir, 'reset', '-q', '--hard');
  return diff;
}

/** Every file under `dir` except `.git`, with its mode and a hash of its bytes: the tree's exact state. */
export async function treeState(dir: string, root = dir): Promise<Record<string, string>> {
  const state: Record<string, string> = {};
  for (const entry of await readdir(dir)) {
    const path = join(dir, entry);
    if (entry === '.git') continue;
    const info = await lstat(path);
    if (info.isDirectory())
      Object.assign(state, { [`${relative(root, path)}/`]: 'dir' }, await treeState(path, root));
    else
      state[relative(root, path)] = `${info.mode.toString(8)} ${createHash('sha256')
        .update(await readFile(path))
        .digest('hex')}`;
  }
  return state;
}

/** Removes the temp dir `makeRepo` made. */
export async function removeRepo(dir: string): Promise<void> {
  await rm(dirname(dir), { recursive: true, force: true });
}
