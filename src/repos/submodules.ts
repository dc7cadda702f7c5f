import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { git, gitErrorDetail, tryGit } from './git.js';
import {
  gitlinks,
  hasGitmodules,
  recordedSubmodules,
  resolveSubmoduleUrl,
  type RecordedSubmodule,
} from './gitmodules.js';

/** How long fetching all of a checkout's submodules may take together. */
export const submoduleBudgetMs = 10 * 60_000;

/**
 * Fetches run as `git submodule` runs them: local transports (`file://`, a path) are refused unless
 * `protocol.file.allow=always`, so a `.gitmodules` cannot copy another repository of this machine in.
 */
const submoduleFetchEnv = { GIT_PROTOCOL_FROM_USER: '0' };

/** A submodule of a checkout: its files at `commit` are in place, or `error` says why not. */
export interface SubmoduleCheckout {
  path: string;
  commit: string;
  url?: string;
  /** The URL git fetches from when `url.<base>.insteadOf` rewrites `url`. */
  rewrittenTo?: string;
  error?: string;
  /** The paths of its own submodules, which are not fetched (one level only). */
  nested?: string[];
}

function fetchError(err: unknown, timeoutMs: number): string {
  if ((err as { timedOut?: boolean }).timedOut) return `timed out after ${Math.round(timeoutMs / 1000)} s`;
  const lines = gitErrorDetail(err).split('\n');
  return (lines.find((line) => line.startsWith('fatal:')) ?? lines[0] ?? 'unknown').replace(/^fatal: */, '');
}

/** Fetches the recorded commit alone into a repository at the submodule's path, its git dir absorbed. */
async function fetchInto(dest: string, sub: RecordedSubmodule, url: string, timeoutMs: number) {
  const dir = join(dest, sub.path);
  await mkdir(dir, { recursive: true });
  await git(dir, ['-c', 'init.defaultBranch=main', 'init', '--quiet']);
  const fetch = ['fetch', '--quiet', '--no-tags', '--no-write-fetch-head', '--depth=1', url, sub.commit];
  await git(dir, fetch, { timeoutMs, env: submoduleFetchEnv });
  await git(dir, ['checkout', '--quiet', '--detach', sub.commit]);
  await git(dir, ['reflog', 'expire', '--expire=now', '--all']);
  await git(dest, ['submodule', '--quiet', 'absorbgitdirs', '--', sub.path]);
  await git(dest, ['config', `submodule.${sub.name}.url`, url]);
  await git(dest, ['config', `submodule.${sub.name}.active`, 'true']);
}

async function nestedSubmodules(dir: string): Promise<string[]> {
  return (await hasGitmodules(dir)) ? [...(await gitlinks(dir)).keys()] : [];
}

async function checkoutSubmodule(
  dest: string,
  sub: RecordedSubmodule,
  superUrl: string | undefined,
  timeLeftMs: number,
): Promise<SubmoduleCheckout> {
  const at = { path: sub.path, commit: sub.commit, ...(sub.url ? { url: sub.url } : {}) };
  if (sub.url === undefined) return { ...at, error: `.gitmodules names no URL for ${sub.path}` };
  const url = resolveSubmoduleUrl(sub.url, superUrl);
  if (url === undefined) return { ...at, error: 'a relative URL, and the repository has no URL of its own' };
  if (timeLeftMs <= 0)
    return { ...at, error: `not tried: the ${submoduleBudgetMs / 60_000} min for submodules ran out` };
  const rewritten = await tryGit(dest, ['ls-remote', '--get-url', url]);
  const tried = { ...at, url, ...(rewritten && rewritten !== url ? { rewrittenTo: rewritten } : {}) };
  try {
    await fetchInto(dest, sub, url, timeLeftMs);
  } catch (err) {
    await rm(join(dest, sub.path), { recursive: true, force: true });
    await mkdir(join(dest, sub.path), { recursive: true });
    return { ...tried, error: fetchError(err, timeLeftMs) };
  }
  const nested = await nestedSubmodules(join(dest, sub.path));
  return { ...tried, ...(nested.length > 0 ? { nested } : {}) };
}

/**
 * Puts each submodule the checkout's HEAD records at its path, at the commit its gitlink names (that
 * commit alone, no refs), as `git submodule update --init` would with git's own URL rewriting
 * (`url.<base>.insteadOf`). Never throws: a submodule that cannot be fetched is left empty and its
 * entry says why. `superUrl` resolves relative submodule URLs.
 */
export async function checkoutSubmodules(
  dest: string,
  superUrl: string | undefined,
  budgetMs = submoduleBudgetMs,
): Promise<SubmoduleCheckout[]> {
  if (!(await hasGitmodules(dest))) return [];
  const recorded = await recordedSubmodules(dest).catch((err: unknown) => fetchError(err, 0));
  if (typeof recorded === 'string') return [{ path: '.gitmodules', commit: '', error: recorded }];
  const deadline = Date.now() + budgetMs;
  const done: SubmoduleCheckout[] = [];
  for (const sub of recorded) done.push(await checkoutSubmodule(dest, sub, superUrl, deadline - Date.now()));
  return done;
}

/** One line for an item's log about one submodule. */
export function describeSubmodule(sub: SubmoduleCheckout): string {
  if (sub.commit === '') return `submodules not fetched: .gitmodules could not be read: ${sub.error}`;
  const at = `submodule ${sub.path}@${sub.commit.slice(0, 12)}`;
  const from = sub.url
    ? ` from ${sub.url}${sub.rewrittenTo ? ` (rewritten to ${sub.rewrittenTo})` : ''}`
    : '';
  if (sub.error)
    return `${at}: NOT fetched${from}: ${sub.error}; its directory is empty, tests that read it may fail`;
  const nested = sub.nested ? `; its own submodules (${sub.nested.join(', ')}) are not fetched` : '';
  return `${at}: fetched${from}${nested}`;
}
