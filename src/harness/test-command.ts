import type { EnvSpec } from '../schema/env.js';
import { shellQuote } from './shell.js';

/** The test command with `{tests}` (shell-quoted files, or nothing) and `{junit}` (the report path) filled in. */
export function testCommand(spec: EnvSpec, tests: string[], reportPath: string): string {
  return spec.test_cmd
    .replaceAll('{tests}', tests.map(shellQuote).join(' '))
    .replaceAll('{junit}', shellQuote(reportPath));
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
