import { shellQuote } from '../shell.js';

/**
 * `command` run on the test files the judge names (`{tests}`), or, when it names none (the whole suite), on
 * `defaults`: the project's own selection of tests (paths, spec globs, marker and keyword filters).
 */
export function withDefaultTests(command: string, defaults: string[]): string {
  if (defaults.length === 0) return `${command} {tests}`;
  const fallback = defaults.map(shellQuote).join(' ');
  return `lf_tests=({tests}); [ \${#lf_tests[@]} -gt 0 ] || lf_tests=(${fallback}); ${command} "\${lf_tests[@]}"`;
}
