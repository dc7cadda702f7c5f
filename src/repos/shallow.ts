import { git, gitErrorDetail } from './git.js';

/** Fetches `sha` with `depth` commits of history into the workspace `dest` (deepening it when shallower). */
export async function fetchDepth(dest: string, mirror: string, sha: string, depth: number): Promise<void> {
  await git(dest, [
    'fetch',
    '--quiet',
    '--no-tags',
    '--no-write-fetch-head',
    `--depth=${depth}`,
    mirror,
    sha,
  ]);
}

async function deepened(dest: string, mirror: string, sha: string, depth: number): Promise<boolean> {
  return fetchDepth(dest, mirror, sha, depth).then(
    () => true,
    () => false,
  );
}

async function isShallow(dest: string): Promise<boolean> {
  return (await git(dest, ['rev-parse', '--is-shallow-repository'])) === 'true';
}

/**
 * Fetches `sha` with as much history as the mirror can serve: the commit alone first, then doubling depths
 * until one fails (an object missing in the mirror), then a bisection between the last good depth and the
 * failed one. Returns the depth reached, or `complete` when the whole ancestry came after all.
 */
export async function fetchAvailableHistory(
  dest: string,
  mirror: string,
  sha: string,
): Promise<number | 'complete'> {
  await fetchDepth(dest, mirror, sha, 1);
  let good = 1;
  let bad: number | undefined;
  while (bad === undefined) {
    if (!(await isShallow(dest))) return 'complete';
    if (await deepened(dest, mirror, sha, good * 2)) good *= 2;
    else bad = good * 2;
  }
  while (bad - good > 1) {
    const mid = Math.floor((good + bad) / 2);
    if (await deepened(dest, mirror, sha, mid)) good = mid;
    else bad = mid;
  }
  return good;
}

const telling = [/unable to read|missing (blob|tree|commit)|could not fetch/i, /corrupt|could not|unable/i];

/** The line of a failed git command's error that says most about why, for a checkout's reason. */
export function whyFetchFailed(err: unknown): string {
  const stderr = (err as { stderr?: unknown }).stderr;
  const text = typeof stderr === 'string' && stderr.trim() ? stderr : gitErrorDetail(err);
  const lines = text
    .split('\n')
    .map((line) => line.replace(/^((fatal|error|remote): *)+/, '').replace(/[\s\0]+$/, ''))
    .filter(Boolean);
  for (const pattern of telling) {
    const found = lines.find((line) => pattern.test(line));
    if (found) return found;
  }
  return lines[0] ?? 'unknown';
}
