import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { execa } from 'execa';

/** Test helper: a script-generated repository whose history holds known fixes and known non-fixes. */

const day0 = Date.UTC(2024, 2, 1) / 1000;

/** One commit: files to write (null deletes), its message, and what mining must make of it. */
export interface ScriptedCommit {
  name: string;
  message: string;
  files: Record<string, string | Buffer | null>;
}

/** Runs git in `dir` with a fixed identity and, when `day` is given, fixed dates. */
export async function gitAt(dir: string, args: string[], day?: number): Promise<string> {
  const date =
    day === undefined
      ? {}
      : {
          GIT_AUTHOR_DATE: `${day0 + day * 86_400} +0000`,
          GIT_COMMITTER_DATE: `${day0 + day * 86_400} +0000`,
        };
  const env = {
    GIT_AUTHOR_NAME: 'Test',
    GIT_AUTHOR_EMAIL: 'test@legofactory.invalid',
    GIT_COMMITTER_NAME: 'Test',
    GIT_COMMITTER_EMAIL: 'test@legofactory.invalid',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    ...date,
  };
  return (await execa('git', args, { cwd: dir, env })).stdout;
}

/** The ISO date of day `day` of the scripted history. */
export function dayDate(day: number): string {
  return new Date((day0 + day * 86_400) * 1000).toISOString().replace('.000Z', 'Z');
}

/** Writes `files` into `dir` and commits them (empty message allowed) on day `day`; returns the sha. */
export async function commitOn(dir: string, commit: ScriptedCommit, day: number): Promise<string> {
  for (const [path, content] of Object.entries(commit.files)) {
    const target = join(dir, path);
    if (content === null) await rm(target, { force: true });
    else await mkdir(dirname(target), { recursive: true }).then(() => writeFile(target, content));
  }
  await gitAt(dir, ['add', '-A']);
  await gitAt(dir, ['commit', '-q', '--allow-empty', '--allow-empty-message', '-m', commit.message], day);
  return gitAt(dir, ['rev-parse', 'HEAD']);
}

/** A new repository at `dir` with `commits` made on consecutive days; returns their shas by name. */
export async function scriptRepo(dir: string, commits: ScriptedCommit[]): Promise<Record<string, string>> {
  await mkdir(dir, { recursive: true });
  await gitAt(dir, ['init', '-q', '-b', 'main']);
  const shas: Record<string, string> = {};
  for (const [day, commit] of commits.entries()) shas[commit.name] = await commitOn(dir, commit, day);
  return shas;
}

/** Merges `branch` into the current branch as one no-fast-forward merge on day `day`; returns its sha. */
export async function mergeOn(dir: string, branch: string, message: string, day: number): Promise<string> {
  await gitAt(dir, ['merge', '-q', '--no-ff', '-m', message, branch], day);
  return gitAt(dir, ['rev-parse', 'HEAD']);
}
