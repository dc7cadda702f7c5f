import type { LogParserName } from '../../schema/env.js';
import { EnvSpec } from '../../schema/env.js';
import { LegoError } from '../../errors.js';
import { shellQuote } from '../shell.js';
import { manifestDigest, readIfExists, rootEntries } from './manifest.js';

type Runner = Extract<LogParserName, 'vitest' | 'jest' | 'mocha'>;

const extensions = ['ts', 'mts', 'cts', 'js', 'mjs', 'cjs'];
/** Config files each runner would find itself, in its own order of preference. */
const configFiles: Record<Runner, string[]> = {
  vitest: ['vitest', 'vite'].flatMap((name) => extensions.map((ext) => `${name}.config.${ext}`)),
  jest: [...extensions.map((ext) => `jest.config.${ext}`), 'jest.config.json'],
  mocha: ['.mocharc.cjs', '.mocharc.js', '.mocharc.yaml', '.mocharc.yml', '.mocharc.jsonc', '.mocharc.json'],
};

/**
 * How each runner picks its config: the checkout's own file, else explicitly none, so no runner searches
 * the directories above the checkout (vitest and mocha do). `{no_config}` is an empty vitest config the
 * judge provides. Binaries come from the environment's bin directory on PATH, never through npx.
 */
function configArgs(runner: Runner, own: string | undefined, pkg: PackageJson): string {
  const quoted = own === undefined ? undefined : shellQuote(own);
  if (runner === 'vitest') return `--root . --config ${quoted ?? '{no_config}'}`;
  if (runner === 'jest') return `--config ${quoted ?? (pkg.jest === undefined ? "'{}'" : 'package.json')}`;
  return `${quoted === undefined ? '--no-config' : `--config ${quoted}`} --package package.json`;
}

function testCommand(runner: Runner, own: string | undefined, pkg: PackageJson): string {
  const config = configArgs(runner, own, pkg);
  if (runner === 'vitest') {
    return `vitest run ${config} --reporter=verbose --reporter=junit --outputFile.junit={junit} {tests}`;
  }
  if (runner === 'jest') return `jest --ci ${config} --json --outputFile={junit} {tests}`;
  return `mocha ${config} --reporter xunit --reporter-option output={junit} {tests}`;
}

const RUNNERS: Runner[] = ['vitest', 'jest', 'mocha'];
const LOCKFILES = ['package-lock.json', 'npm-shrinkwrap.json'];

export const nodeLooksFor = 'package.json with jest, vitest or mocha';

interface PackageJson {
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  scripts?: Record<string, string>;
  jest?: unknown;
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
  const own = configFiles[runner].find((file) => files.includes(file));
  const manifests = ['package.json', ...lockfiles];
  return EnvSpec.parse({
    language: 'javascript',
    manifest_files: manifests,
    manifest_digest: await manifestDigest(repoDir, manifests),
    install: [
      'npm pkg delete scripts',
      `npm ${lockfiles.length > 0 ? 'ci' : 'install'} --no-audit --no-fund`,
    ],
    test_cmd: testCommand(runner, own, pkg),
    log_parser: runner,
  });
}
