import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { LegoError } from '../errors.js';
import { gitErrorDetail } from './git.js';

/** Who made a synthetic base commit, when, and why: fixed, so rebuilding it gives the same sha. */
export const syntheticBaseIdentity = {
  name: 'LegoFactory',
  email: 'synth@legofactory.invalid',
  date: '1704067200 +0000',
  message: 'Synthetic task base',
} as const;

/** Git with no user or system configuration, so signing, hooks or diff settings cannot change results. */
async function plumbing(
  gitDir: string,
  args: string[],
  options: { input?: string; env?: Record<string, string> } = {},
) {
  const { stdout } = await execa('git', args, {
    cwd: gitDir,
    env: {
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_CONFIG_GLOBAL: '/dev/null',
      GIT_TERMINAL_PROMPT: '0',
      ...options.env,
    },
    ...(options.input === undefined ? { stdin: 'ignore' as const } : { input: options.input }),
    stripFinalNewline: false,
  });
  return stdout;
}

/** Runs `work` with a private index file holding `commit`'s tree, and returns `git write-tree` after it. */
async function withIndex(
  gitDir: string,
  commit: string,
  work: (env: Record<string, string>) => Promise<void>,
) {
  const env = { GIT_INDEX_FILE: join(tmpdir(), `lf-synth-index-${randomUUID()}`) };
  try {
    await plumbing(gitDir, ['read-tree', commit], { env });
    await work(env);
    return (await plumbing(gitDir, ['write-tree'], { env })).trim();
  } finally {
    await rm(env.GIT_INDEX_FILE, { force: true });
  }
}

/** The tree of `commit` with some files' contents replaced (their modes kept). */
export async function treeWithFiles(
  gitDir: string,
  commit: string,
  files: Record<string, string>,
): Promise<string> {
  return withIndex(gitDir, commit, async (env) => {
    const entries: string[] = [];
    for (const [path, text] of Object.entries(files)) {
      const listed = await plumbing(gitDir, ['ls-tree', '-z', commit, '--', path]);
      const mode = /^(\d+) /.exec(listed)?.[1] ?? '100644';
      const blob = (await plumbing(gitDir, ['hash-object', '-w', '--stdin'], { input: text })).trim();
      entries.push(`${mode} ${blob}\t${path}\0`);
    }
    await plumbing(gitDir, ['update-index', '-z', '--index-info'], { input: entries.join(''), env });
  });
}

/** The tree of `commit` with the diffs applied in turn, or a `bad_input` error when one does not apply. */
export async function treeWithDiff(gitDir: string, commit: string, ...diffs: string[]): Promise<string> {
  return withIndex(gitDir, commit, async (env) => {
    for (const diff of diffs)
      await plumbing(gitDir, ['apply', '--cached', '--binary', '--whitespace=nowarn', '-'], {
        input: diff,
        env,
      }).catch((err: unknown) => {
        throw new LegoError('bad_input', `the bug diff does not apply to ${commit}: ${gitErrorDetail(err)}`);
      });
  });
}

/** `git diff` from one tree-ish to another, in the form `git apply` and SWE-bench patches use. */
export function diffTrees(gitDir: string, from: string, to: string): Promise<string> {
  const flags = [
    '--no-color',
    '--no-ext-diff',
    '--binary',
    '--no-renames',
    '--src-prefix=a/',
    '--dst-prefix=b/',
  ];
  return plumbing(gitDir, ['diff', ...flags, from, to]);
}

/** A parentless commit of `tree` with the fixed synthetic identity, dates and message. */
export async function syntheticCommit(gitDir: string, tree: string): Promise<string> {
  const { name, email, date, message } = syntheticBaseIdentity;
  const env = {
    GIT_AUTHOR_NAME: name,
    GIT_AUTHOR_EMAIL: email,
    GIT_AUTHOR_DATE: date,
    GIT_COMMITTER_NAME: name,
    GIT_COMMITTER_EMAIL: email,
    GIT_COMMITTER_DATE: date,
  };
  const args = [
    '-c',
    'commit.gpgSign=false',
    '-c',
    'i18n.commitEncoding=UTF-8',
    'commit-tree',
    tree,
    '-m',
    message,
  ];
  return (await plumbing(gitDir, args, { env })).trim();
}

/**
 * The buggy base commit of a synthetic instance: the original commit's tree with the bug diff applied,
 * committed without parents (no history holds the original code) under a fixed identity, so the same
 * original commit and diff give the same sha everywhere.
 */
export async function buggyBaseCommit(
  gitDir: string,
  originalCommit: string,
  bugDiff: string,
): Promise<string> {
  return syntheticCommit(gitDir, await treeWithDiff(gitDir, originalCommit, bugDiff));
}
