import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { execa } from 'execa';

/** 2 KiB holding every byte value: not text, not UTF-8. */
export const binaryBytes = Buffer.from(Array.from({ length: 2048 }, (_, i) => (i * 7) % 256));

/** The files of the test repository's base commit. */
export const baseFiles: Record<string, string | Buffer> = {
  'README.md': '# demo\n\nline two\n',
  'src/app.py': 'def add(a, b):\n    return a + b\n',
  'data.bin': binaryBytes,
  'script.sh': '#!/bin/sh\necho hi\n',
  '.gitignore': 'ignored.log\n',
};

/** Runs git on the host with a fixed identity; resolves to stdout. */
export async function git(cwd: string, ...args: string[]): Promise<string> {
  const identity = ['-c', 'user.name=LegoFactory Test', '-c', 'user.email=test@legofactory.invalid'];
  const { stdout } = await execa('git', [...identity, '-c', 'core.quotepath=off', ...args], { cwd });
  return stdout;
}

/** A temp dir holding `repo/`, a git repository with `baseFiles` committed; remove it with `removeTestRepo`. */
export async function makeTestRepo(): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'lf-sbx-test-'));
  const repo = join(root, 'repo');
  await mkdir(repo);
  await git(repo, 'init', '-q', '-b', 'main');
  for (const [path, content] of Object.entries(baseFiles)) {
    await mkdir(dirname(join(repo, path)), { recursive: true });
    await writeFile(join(repo, path), content, { mode: path.endsWith('.sh') ? 0o755 : 0o644 });
  }
  await git(repo, 'add', '-A');
  await git(repo, 'commit', '-q', '-m', 'base');
  return repo;
}

/** Removes the temp dir `makeTestRepo` made. */
export async function removeTestRepo(repo: string): Promise<void> {
  await rm(dirname(repo), { recursive: true, force: true });
}
