import { git, tryGit } from './git.js';

/** A submodule a commit records: where it goes, the commit its gitlink names, and its `.gitmodules` entry. */
export interface RecordedSubmodule {
  path: string;
  commit: string;
  /** Its name and URL (as written, maybe relative) in `.gitmodules`; absent when no entry has its path. */
  name?: string;
  url?: string;
}

/** The gitlinks (submodule commits) in the tree of `rev`, by path. */
export async function gitlinks(dir: string, rev = 'HEAD'): Promise<Map<string, string>> {
  const listing = await git(dir, ['ls-tree', '-r', '-z', rev]);
  const links = new Map<string, string>();
  for (const entry of listing.split('\0')) {
    const match = /^160000 commit ([0-9a-f]+)\t(.+)$/s.exec(entry);
    if (match) links.set(match[2]!, match[1]!);
  }
  return links;
}

/** `.gitmodules` of `rev` as key → value (`submodule.NAME.path`, `submodule.NAME.url`, ...). */
async function gitmodulesConfig(dir: string, rev: string): Promise<Map<string, string>> {
  const listing = await git(dir, ['config', '-z', '--blob', `${rev}:.gitmodules`, '--list']);
  const entries = listing
    .split('\0')
    .filter(Boolean)
    .map((entry) => entry.split('\n', 2) as [string, string?]);
  return new Map(entries.map(([key, value]) => [key, value ?? '']));
}

/** A submodule URL as git resolves it: `./x` and `../x` are relative to the superproject's own URL. */
export function resolveSubmoduleUrl(url: string, superUrl: string | undefined): string | undefined {
  if (!url.startsWith('./') && !url.startsWith('../')) return url;
  if (superUrl === undefined) return undefined;
  let [base, rest, separator] = [superUrl.replace(/\/+$/, ''), url, '/'];
  for (;;) {
    if (rest.startsWith('./')) rest = rest.slice(2);
    else if (rest.startsWith('../')) {
      rest = rest.slice(3);
      const cut = Math.max(base.lastIndexOf('/'), base.lastIndexOf(':'));
      separator = cut >= 0 ? base[cut]! : '/';
      base = base.slice(0, Math.max(cut, 0));
    } else break;
  }
  return `${base}${separator}${rest}`;
}

/** Whether `rev` has a `.gitmodules` file. */
export async function hasGitmodules(dir: string, rev = 'HEAD'): Promise<boolean> {
  return (await tryGit(dir, ['cat-file', '-e', `${rev}:.gitmodules`])) !== undefined;
}

/** The submodules `rev` records: every gitlink in its tree, with the `.gitmodules` entry for its path. */
export async function recordedSubmodules(dir: string, rev = 'HEAD'): Promise<RecordedSubmodule[]> {
  const config = await gitmodulesConfig(dir, rev);
  const entryOfPath = new Map<string, { name: string; url: string }>();
  for (const [key, path] of config) {
    const name = /^submodule\.(.+)\.path$/s.exec(key)?.[1];
    const url = name === undefined ? undefined : config.get(`submodule.${name}.url`);
    if (name !== undefined && url !== undefined) entryOfPath.set(path, { name, url });
  }
  return [...(await gitlinks(dir, rev))].map(([path, commit]) => ({
    path,
    commit,
    ...entryOfPath.get(path),
  }));
}
