import type { EnvSpec } from '../schema/env.js';
import { shellQuote } from './shell.js';

/** Where the judge puts what the test command may name, outside the checkout. */
export interface CommandPaths {
  /** `{junit}`: the runner's own report (JUnit XML, or jest's JSON). */
  report: string;
  /** `{no_config}`: an empty vitest config, for a checkout that has none of its own. */
  noConfig: string;
}

/** The test command with `{tests}` (shell-quoted files, or nothing), `{junit}` and `{no_config}` filled in. */
export function testCommand(spec: EnvSpec, tests: string[], paths: CommandPaths): string {
  return spec.test_cmd
    .replaceAll('{tests}', tests.map(shellQuote).join(' '))
    .replaceAll('{junit}', shellQuote(paths.report))
    .replaceAll('{no_config}', shellQuote(paths.noConfig));
}

/** The spec's extra environment with `{repo}` expanded to the repository root. */
export function testEnv(spec: EnvSpec, repoRoot: string): Record<string, string> {
  return Object.fromEntries(
    Object.entries(spec.env).map(([key, value]) => [key, value.replaceAll('{repo}', repoRoot)]),
  );
}

/** Shell lines that put `files` back to `baseCommit`, deleting those it lacks. */
export function revertLines(baseCommit: string, files: string[]): string[] {
  const base = shellQuote(baseCommit);
  return files.map((file) => {
    const path = shellQuote(file);
    const literal = shellQuote(`:(literal)${file}`);
    return `if git cat-file -e ${base}:${path} 2>/dev/null; then git checkout -q ${base} -- ${literal}; else rm -f -- ${path}; fi`;
  });
}

/**
 * A script that puts `files` back to `baseCommit` (deleting those it lacks), then runs `after` (the
 * judge dir's setup). It runs before any code of the checkout, so its output can be trusted.
 */
export function resetScript(baseCommit: string, files: string[], after: string[] = []): string {
  return [
    'set -e',
    `git cat-file -e ${shellQuote(baseCommit)}^{commit}`,
    ...revertLines(baseCommit, files),
    ...after,
  ].join('\n');
}
