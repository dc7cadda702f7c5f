import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { execa } from 'execa';

/** A fresh temp directory. */
export function tempDir(prefix = 'lf-repos-test-'): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

/** Runs git with a fixed identity; resolves to stdout. */
export async function gitIn(cwd: string, ...args: string[]): Promise<string> {
  const identity = ['-c', 'user.name=LegoFactory Test', '-c', 'user.email=test@legofactory.invalid'];
  const { stdout } = await execa('git', [...identity, ...args], { cwd });
  return stdout;
}

/** Writes `files` (path → text) into `repo`, commits them and returns the new commit's sha. */
export async function commitFiles(
  repo: string,
  files: Record<string, string>,
  message: string,
): Promise<string> {
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(repo, path)), { recursive: true });
    await writeFile(join(repo, path), content);
  }
  await gitIn(repo, 'add', '-A');
  await gitIn(repo, 'commit', '-q', '-m', message);
  return gitIn(repo, 'rev-parse', 'HEAD');
}

/** A new git repository at `dir` (created) with one commit of `files`; returns that commit's sha. */
export async function makeRepo(dir: string, files: Record<string, string>): Promise<string> {
  await mkdir(dir, { recursive: true });
  await gitIn(dir, 'init', '-q', '-b', 'main');
  return commitFiles(dir, files, 'initial');
}
