import { createHash } from 'node:crypto';
import { z } from 'zod';
import { canonicalJson } from '../json.js';

export const Language = z.enum(['python', 'javascript']);
export type Language = z.infer<typeof Language>;

export const LogParserName = z.enum(['pytest', 'jest', 'vitest', 'mocha', 'node-test']);
export type LogParserName = z.infer<typeof LogParserName>;

/**
 * How to build and test one repository at one commit. Content-hashed: equal specs share an image or
 * local environment directory.
 */
export const EnvSpec = z.object({
  language: Language,
  /** Base image for docker builds; when absent the configured default is used. */
  base_image: z.string().optional(),
  runtime_version: z.string().default(''),
  /** Repository files copied into the dependency directory before `install` runs (manifests, lockfiles). */
  manifest_files: z.array(z.string()).default([]),
  /** sha256 of the manifest files' contents, so specs with different dependencies never share. */
  manifest_digest: z.string().default(''),
  /** Shell commands that install dependencies, run in the dependency directory at build time. */
  install: z.array(z.string()).default([]),
  /**
   * Test command run in the repository root. `{tests}` is replaced by the shell-quoted test files to run
   * (empty for the whole suite) and `{junit}` by the JUnit XML report path.
   */
  test_cmd: z.string().min(1),
  log_parser: LogParserName,
  /** Extra environment variables for test runs. `{repo}` expands to the repository root. */
  env: z.record(z.string(), z.string()).default({}),
});
export type EnvSpec = z.infer<typeof EnvSpec>;

/** Stable id of a spec: sha256 over its canonical JSON, 16 hex characters. */
export function envSpecId(spec: EnvSpec): string {
  return createHash('sha256')
    .update(canonicalJson(EnvSpec.parse(spec)))
    .digest('hex')
    .slice(0, 16);
}
