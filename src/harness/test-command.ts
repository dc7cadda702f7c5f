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

/** A script that puts `files` back to `baseCommit` (deleting those it lacks) and removes a stale report. */
export function resetScript(baseCommit: string, files: string[], reportPath: string): string {
  const base = shellQuote(baseCommit);
  const lines = files.map((file) => {
    const path = shellQuote(file);
    const literal = shellQuote(`:(literal)${file}`);
    return `if git cat-file -e ${base}:${path} 2>/dev/null; then git checkout -q ${base} -- ${literal}; else rm -f -- ${path}; fi`;
  });
  const report = shellQuote(reportPath);
  return [
    'set -e',
    `git cat-file -e ${base}^{commit}`,
    ...lines,
    `rm -f -- ${report}`,
    `mkdir -p "$(dirname ${report})"`,
  ].join('\n');
}
