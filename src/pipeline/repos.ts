import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, resolve } from 'node:path';
import { LegoError } from '../errors.js';
import { buildExamplesCached } from '../examples/build.js';
import { isUrlSource } from '../repos/repo-flag.js';
import type { ReposSpec } from './file.js';

const LINE = /^([\w.-]+\/[\w.-]+)=(\S.*)$/;

function sourceOf(target: string, baseDir: string): string {
  return isUrlSource(target) || isAbsolute(target) ? target : resolve(baseDir, target);
}

/** The repositories of a `repos` file: one owner/name=PATH_OR_URL a line; # comments and blank lines skipped. */
async function readReposFile(path: string, shown: string): Promise<Record<string, string>> {
  const text = await readFile(path, 'utf8').catch((err: NodeJS.ErrnoException) => {
    throw new LegoError('bad_input', `repos.file: cannot read ${shown} (${err.code ?? err.message})`);
  });
  const repos: Record<string, string> = {};
  const problems: string[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const match = LINE.exec(line);
    if (match) repos[match[1]!] = sourceOf(match[2]!.trim(), dirname(path));
    else problems.push(`repos.file: ${shown}:${i + 1}: expected owner/name=PATH_OR_URL, got "${line}"`);
  });
  if (problems.length > 0) throw new LegoError('bad_input', problems.join('\n'));
  if (Object.keys(repos).length === 0)
    throw new LegoError('bad_input', `repos.file: ${shown} lists no repository`);
  return repos;
}

/** `owner/name` → local path or URL, from the pipeline file's `repos` (relative paths from `baseDir`). */
export async function resolveRepos(
  spec: ReposSpec,
  baseDir: string,
  cacheDir: string,
): Promise<Record<string, string>> {
  if (Array.isArray(spec))
    return Object.fromEntries(
      spec.map((line) => {
        const at = line.indexOf('=');
        return [line.slice(0, at), sourceOf(line.slice(at + 1), baseDir)];
      }),
    );
  if ('file' in spec) return readReposFile(resolve(baseDir, spec.file), spec.file);
  const examples = await buildExamplesCached(cacheDir);
  return Object.fromEntries(examples.repos.map((r) => [r.repo, r.path]));
}
