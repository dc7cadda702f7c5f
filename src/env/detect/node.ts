import type { LogParserName } from '../../schema/env.js';
import { EnvSpec } from '../../schema/env.js';
import { LegoError } from '../../errors.js';
import { manifestDigest, readIfExists, rootEntries } from './manifest.js';

type Runner = Extract<LogParserName, 'vitest' | 'jest' | 'mocha'>;

const testCommands: Record<Runner, string> = {
  vitest: 'npx vitest run --reporter=verbose --reporter=junit --outputFile.junit={junit} {tests}',
  jest: 'npx jest --ci --json {tests}',
  mocha: 'npx mocha --reporter xunit --reporter-option output={junit} {tests}',
};
const RUNNERS = Object.keys(testCommands) as Runner[];
const LOCKFILES = ['package-lock.json', 'npm-shrinkwrap.json'];

export const nodeLooksFor = 'package.json with jest, vitest or mocha';

interface PackageJson {
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  scripts?: Record<string, string>;
}

async function readPackageJson(repoDir: string): Promise<PackageJson | undefined> {
  const text = await readIfExists(repoDir, 'package.json');
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as PackageJson;
  } catch (err) {
    throw new LegoError(
      'env_detect_failed',
      `package.json in ${repoDir} is not valid JSON; fix it or pass --env owner/name=spec.yaml`,
      { cause: err },
    );
  }
}

/** The runner named in the test script, else the one among the dependencies (vitest, jest, mocha in turn). */
export function testRunner(pkg: PackageJson): Runner | undefined {
  const script = pkg.scripts?.test ?? '';
  const deps = { ...pkg.dependencies, ...pkg.devDependencies };
  return (
    RUNNERS.find((runner) => new RegExp(`\\b${runner}\\b`).test(script)) ??
    RUNNERS.find((runner) => runner in deps)
  );
}

/**
 * A jest/vitest/mocha environment: `npm ci` (or `npm install` without a lockfile) in the dependency
 * directory, with the copied package.json's own lifecycle scripts removed since the sources are not there.
 */
export async function detectNode(repoDir: string): Promise<EnvSpec | undefined> {
  const pkg = await readPackageJson(repoDir);
  const runner = pkg && testRunner(pkg);
  if (!runner) return undefined;
  const { files } = await rootEntries(repoDir);
  const lockfiles = LOCKFILES.filter((file) => files.includes(file));
  const manifests = ['package.json', ...lockfiles];
  return EnvSpec.parse({
    language: 'javascript',
    manifest_files: manifests,
    manifest_digest: await manifestDigest(repoDir, manifests),
    install: [
      'npm pkg delete scripts',
      `npm ${lockfiles.length > 0 ? 'ci' : 'install'} --no-audit --no-fund`,
    ],
    test_cmd: testCommands[runner],
    log_parser: runner,
  });
}
