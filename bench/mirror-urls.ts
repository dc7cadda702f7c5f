import { readdir } from 'node:fs/promises';
import { gitConfigEnv } from '../src/repos/git-config-env.js';
import { mirrorOf } from './env-success-repos.js';

/** Repositories GitHub moved: their old URLs redirect to the new name. */
export const githubRenames: Record<string, string> = { 'BurntSushi/toml-test': 'toml-lang/toml-test' };

/**
 * Git config that makes every mirrored GitHub repository (`<mirrors>/<owner>+<name>/repo`) stand in for
 * its URL, with or without `.git`, and an old name for the new one GitHub redirects it to; and
 * `protocol.file.allow=always`, since git fetches submodules from local paths only then.
 */
export async function mirrorUrlConfig(mirrors: string): Promise<[string, string][]> {
  const names = (await readdir(mirrors).catch(() => [] as string[])).filter((name) => name.includes('+'));
  const repos = new Map(names.map((name) => name.replace('+', '/')).map((repo) => [repo, repo]));
  for (const [old, now] of Object.entries(githubRenames)) if (repos.has(now)) repos.set(old, now);
  const entries: [string, string][] = [['protocol.file.allow', 'always']];
  for (const [repo, served] of repos) {
    const key = `url.${mirrorOf(mirrors, served)}.insteadOf`;
    entries.push([key, `https://github.com/${repo}.git`], [key, `https://github.com/${repo}`]);
  }
  return entries;
}

/** The `GIT_CONFIG_*` variables for `mirrorUrlConfig`, after those `env` already holds. */
export async function mirrorUrlEnv(mirrors: string, env: Record<string, string | undefined>) {
  return gitConfigEnv(await mirrorUrlConfig(mirrors), env);
}
