import { simpleCommands, type SimpleCommand } from './shell-words.js';

export type ScriptRunner = 'vitest' | 'jest' | 'mocha' | 'node-test';

/** What a package.json script passes to the test runner that the judge's command can carry. */
export interface ScriptArgs {
  /** The script it was read from, e.g. `test` or `test:unit`. */
  script: string;
  options: string[];
  /** Positional arguments: mocha's and node --test's files (kept); for jest and vitest these only filter (dropped). */
  targets: string[];
  env: Record<string, string>;
}

/** Options that take a value as the next word, per runner. */
const VALUED: Record<ScriptRunner, RegExp> = {
  jest: /^(-c|--config|--reporters|--outputFile|--coverageDirectory|--maxWorkers|-w|--testTimeout|--selectProjects|--testPathIgnorePatterns|--setupFiles|--setupFilesAfterEnv|--testEnvironment|--env|--rootDir|--roots|--testMatch|--testRegex|--coverageReporters|--shard)$/,
  vitest:
    /^(-c|--config|-r|--root|--dir|--reporter|--outputFile|--environment|--pool|--project|--testTimeout|--maxWorkers|--minWorkers|--mode|--shard|--coverage\.\w+)$/,
  mocha:
    /^(-r|--require|-t|--timeout|-u|--ui|--extension|--file|--ignore|--exclude|-g|--grep|-f|--fgrep|-s|--slow|--retries|-n|--node-option|--config|--package|-R|--reporter|-O|--reporter-option|--reporter-options|--spec|-j|--jobs)$/,
  'node-test':
    /^(-r|--require|--import|--loader|--experimental-loader|--test-reporter|--test-reporter-destination)$/,
};

/** Options the judge sets itself, or that watch, stop early, shard or add coverage. */
const DROPPED: Record<ScriptRunner, RegExp> = {
  jest: /^(-c|--config|--ci|--json|--outputFile|--reporters|--coverage.*|--collectCoverage.*|--watch.*|-o|--onlyChanged|--bail|-b|--shard|--listTests|--rootDir)$/,
  vitest:
    /^(run|watch|dev|-c|--config|-r|--root|--reporter|--outputFile|--coverage.*|--watch|-w|--run|--ui|--bail|--shard|--silent|--changed)$/,
  mocha:
    /^(--config|--no-config|--package|--no-package|-R|--reporter|-O|--reporter-options?|-w|--watch|--watch-files|--watch-ignore|-b|--bail|-p|--parallel|-j|--jobs|--forbid-only|--forbid-pending)$/,
  'node-test':
    /^(--test|--test-reporter|--test-reporter-destination|--test-only|--test-shard|--test-name-pattern|--test-skip-pattern|--experimental-test-coverage|--test-coverage-.*|--watch.*)$/,
};

/** `npm run x`, `npm test`, `yarn x`, `pnpm run x`, `npm-run-all x` → the script name it runs. */
export function scriptCalled(words: string[]): string | undefined {
  const [tool, first, second] = words;
  if (!['npm', 'yarn', 'pnpm'].includes(tool ?? '')) return undefined;
  if (first === 'test' || first === 't') return 'test';
  if (first === 'run' || first === 'run-script') return second;
  return tool === 'npm' ? undefined : first;
}

/** Where the runner's binary is among the words; node's test runner is `node` with `--test`. */
function runnerAt(words: string[], runner: ScriptRunner): number {
  if (runner === 'node-test') {
    const at = words.findIndex((word) => /(^|\/)node$/.test(word));
    return at >= 0 && words.slice(at + 1).includes('--test') ? at : -1;
  }
  return words.findIndex((word) => new RegExp(`(^|/)${runner}$`).test(word));
}

function argsOf(command: SimpleCommand, at: number, runner: ScriptRunner): Omit<ScriptArgs, 'script'> {
  const args = { options: [] as string[], targets: [] as string[], env: command.env };
  const words = command.words.slice(at + 1);
  for (let i = 0; i < words.length; i++) {
    const word = words[i] ?? '';
    if (word === '--') continue;
    const name = word.split('=')[0] ?? word;
    const value = !word.includes('=') && VALUED[runner].test(name) ? words[++i] : undefined;
    if (DROPPED[runner].test(name) || /[$`]/.test(word)) continue;
    if (name === '--spec') args.targets.push(value ?? word.slice('--spec='.length));
    else if (word.startsWith('-')) args.options.push(word, ...(value === undefined ? [] : [value]));
    else if (runner === 'mocha' || runner === 'node-test') args.targets.push(word);
  }
  return args;
}

/**
 * The runner's arguments as the `test` script passes them, following `npm run x` / `yarn x` / `pnpm x`
 * into other scripts (a few levels); undefined when no script runs the runner directly.
 */
export function scriptArgs(
  scripts: Record<string, string>,
  runner: ScriptRunner,
  name = 'test',
  depth = 0,
): ScriptArgs | undefined {
  const script = scripts[name];
  if (script === undefined || depth > 3) return undefined;
  for (const command of simpleCommands(script)) {
    const at = runnerAt(command.words, runner);
    if (at >= 0) return { script: name, ...argsOf(command, at, runner) };
    const called = scriptCalled(command.words);
    const found = called === undefined ? undefined : scriptArgs(scripts, runner, called, depth + 1);
    if (found) return found;
  }
  return undefined;
}
