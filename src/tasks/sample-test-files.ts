import type { Sandbox } from '../sandbox/sandbox.js';
import type { EnvSpec } from '../schema/env.js';

/** Test files by the naming conventions of each language's runners. */
const testFilePatterns: Record<EnvSpec['language'], RegExp> = {
  python: /(?:^|\/)(?:test_[^/]*|[^/]*_test)\.py$/,
  javascript: /(?:^|\/)(?:[^/]+\.(?:test|spec)\.[cm]?[jt]sx?|(?:test|tests|__tests__)\/[^/]+\.[cm]?[jt]sx?)$/,
};

/**
 * Up to `count` of the checkout's tracked test files, spread evenly over their sorted list so the sample
 * is the same on every run and reaches more than one directory.
 */
export async function sampleTestFiles(sandbox: Sandbox, language: EnvSpec['language'], count = 3) {
  const listed = await sandbox.exec('git ls-files -z', { timeoutMs: 60_000 });
  if (listed.exitCode !== 0) return [];
  const files = listed.output
    .split('\0')
    .filter((path) => testFilePatterns[language].test(path))
    .sort();
  const picked = new Set(
    Array.from(
      { length: Math.min(count, files.length) },
      (_, i) => files[Math.floor((i * files.length) / Math.min(count, files.length))]!,
    ),
  );
  return [...picked];
}
