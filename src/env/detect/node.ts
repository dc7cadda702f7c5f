import type { LogParserName } from '../../schema/env.js';
import { EnvSpec } from '../../schema/env.js';
import { LegoError } from '../../errors.js';
import { shellQuote } from '../shell.js';
import type { Detection } from './detection.js';
import { withDefaultTests } from './default-tests.js';
import { manifestDigest, readIfExists, rootEntries } from './manifest.js';
import { installedMajor } from './node-locked-version.js';
import { pretestBuild } from './node-pretest.js';
import { scriptArgs, type ScriptArgs } from './node-script.js';
import { packageManager } from './package-manager.js';
import { wantedNode } from './node-version.js';

type Runner = Extract<LogParserName, 'vitest' | 'jest' | 'mocha' | 'node-test'>;

const extensions = ['ts', 'mts', 'cts', 'js', 'mjs', 'cjs'];
/** Config files each runner would find itself, in its own order of preference. */
const configFiles: Record<Runner, string[]> = {
  vitest: ['vitest', 'vite'].flatMap((name) => extensions.map((ext) => `${name}.config.${ext}`)),
  jest: [...extensions.map((ext) => `jest.config.${ext}`), 'jest.config.json'],
  mocha: ['.mocharc.cjs', '.mocharc.js', '.mocharc.yaml', '.mocharc.yml', '.mocharc.jsonc', '.mocharc.json'],
  'node-test': [],
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

/** The runner's command, after the build the project's pretest hook runs when there is one. */
function testCommand(
  runner: Runner,
  own: string | undefined,
  pkg: PackageJson,
  args: ScriptArgs | undefined,
  build: string | undefined,
  jestCi: boolean,
): string {
  const command = runnerCommand(runner, own, pkg, args, jestCi);
  return build === undefined ? command : `(${build}) && { ${command}; }`;
}

/**
 * The runner's command with the project's own options; mocha's spec files from the script are the
 * default when the judge names no test files. jest gets `--ci` (no snapshots written) where it has it.
 */
function runnerCommand(
  runner: Runner,
  own: string | undefined,
  pkg: PackageJson,
  args: ScriptArgs | undefined,
  jestCi: boolean,
): string {
  const config = configArgs(runner, own, pkg);
  const options = args?.options.length ? `${args.options.map(shellQuote).join(' ')} ` : '';
  if (runner === 'vitest') {
    return `vitest run ${config} ${options}--reporter=verbose --reporter=junit --outputFile.junit={junit} {tests}`;
  }
  if (runner === 'jest')
    return `jest${jestCi ? ' --ci' : ''} ${config} ${options}--json --outputFile={junit} {tests}`;
  if (runner === 'node-test') {
    return withDefaultTests(`node --test ${options}${nodeTestReporters}`, args?.targets ?? []);
  }
  const mocha = `mocha ${config} ${options}--reporter xunit --reporter-option output={junit}`;
  return withDefaultTests(mocha, args?.targets ?? []);
}

/** The judge's reporter (files in the ids) at `{junit}`, and node --test's spec output in the log. */
const nodeTestReporters =
  '--test-reporter="$LF_JUDGE_DIR/node-test-reporter.mjs" --test-reporter-destination={junit} ' +
  '--test-reporter=spec --test-reporter-destination=stdout';

/**
 * A project tested with node --test may have no dependencies; its `node_modules` link in the checkout
 * must still lead somewhere, or node's test file search stops on it ("Could not find").
 */
const noDependencies = 'mkdir -p node_modules';

const RUNNERS: Runner[] = ['vitest', 'jest', 'mocha', 'node-test'];

export const nodeLooksFor = 'package.json with jest, vitest, mocha, or a test script running node --test';

/** Whether the test script names the runner; node's own is `node ... --test`, also through `npm run x`. */
function namesRunner(scripts: Record<string, string>, runner: Runner): boolean {
  if (runner === 'node-test') return scriptArgs(scripts, runner) !== undefined;
  return new RegExp(`\\b${runner}\\b`).test(scripts.test ?? '');
}

interface PackageJson {
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  scripts?: Record<string, string>;
  jest?: unknown;
  engines?: { node?: unknown };
  packageManager?: unknown;
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
  const deps = { ...pkg.dependencies, ...pkg.devDependencies };
  const scripts = pkg.scripts ?? {};
  return RUNNERS.find((runner) => namesRunner(scripts, runner)) ?? RUNNERS.find((runner) => runner in deps);
}

function notes(
  runner: Runner,
  args: ScriptArgs | undefined,
  build: string | undefined,
  manager: string,
  runtime?: { version: string; source: string },
) {
  return [
    args
      ? `test command: ${runner} options ${JSON.stringify(args.options)}, spec files ${JSON.stringify(args.targets)} ` +
        `and variables ${JSON.stringify(Object.keys(args.env))} from package.json scripts.${args.script}`
      : `test command: ${runner} alone (no package.json script runs it directly)`,
    ...(build ? [`test command: runs the pretest build ${JSON.stringify(build)} first`] : []),
    `package manager: ${manager}`,
    ...(runtime ? [`runtime: node ${runtime.version} from ${runtime.source}`] : []),
  ];
}

/** Whether the jest the install gives has `--ci` (jest 20 added it; jest 19 stops on it). */
async function jestHasCi(repoDir: string, lockfiles: string[], pkg: PackageJson): Promise<boolean> {
  const range = pkg.devDependencies?.jest ?? pkg.dependencies?.jest;
  const major = await installedMajor(repoDir, lockfiles, 'jest', range);
  return major === undefined || major >= 20;
}

/**
 * A jest/vitest/mocha environment: the lockfile's package manager installs in the dependency directory,
 * with the copied package.json's own lifecycle scripts removed since the sources are not there.
 */
export async function detectNode(repoDir: string): Promise<Detection | undefined> {
  const pkg = await readPackageJson(repoDir);
  const runner = pkg && testRunner(pkg);
  if (!runner) return undefined;
  const { files } = await rootEntries(repoDir);
  const manager = await packageManager(repoDir, files, pkg);
  const own = configFiles[runner].find((file) => files.includes(file));
  const manifests = ['package.json', ...manager.files];
  const args = scriptArgs(pkg.scripts ?? {}, runner);
  const build = pretestBuild(pkg.scripts ?? {}, args?.script ?? 'test');
  const engines = typeof pkg.engines?.node === 'string' ? pkg.engines.node : undefined;
  const runtime = await wantedNode(repoDir, engines);
  const jestCi = runner === 'jest' && (await jestHasCi(repoDir, manager.files, pkg));
  const spec = EnvSpec.parse({
    language: 'javascript',
    runtime_version: runtime?.version ?? '',
    manifest_files: manifests,
    manifest_digest: await manifestDigest(repoDir, manifests),
    install: [
      'npm pkg delete scripts',
      ...manager.install,
      ...(runner === 'node-test' ? [noDependencies] : []),
    ],
    test_cmd: testCommand(runner, own, pkg, args, build, jestCi),
    log_parser: runner,
    env: args?.env ?? {},
  });
  return { spec, notes: notes(runner, args, build, manager.name, runtime) };
}
