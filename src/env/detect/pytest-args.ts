import type { SimpleCommand } from './shell-words.js';

/** What a project passes to pytest that the judge's command can carry. */
export interface PytestArgs {
  options: string[];
  /** Options that choose tests (`-m`, `-k`, `--ignore`, `--deselect`): for whole-suite runs only. */
  selection: string[];
  targets: string[];
}

const SELECTING = new Set(['-m', '-k', '--ignore', '--ignore-glob', '--deselect']);

/** Options that take a value as the next word (the ones projects use and we keep or drop). */
const VALUED = new Set([
  '-p',
  '-m',
  '-k',
  '-W',
  '-o',
  '-c',
  '-r',
  '-n',
  '--tb',
  '--import-mode',
  '--ignore',
  '--ignore-glob',
  '--deselect',
  '--doctest-glob',
  '--durations',
  '--maxfail',
  '--cov',
  '--cov-report',
  '--cov-config',
  '--cov-fail-under',
  '--junitxml',
  '--junit-xml',
  '--rootdir',
  '--confcutdir',
  '--basetemp',
  '--dist',
  '--numprocesses',
  '--html',
  '--timeout',
  '--reruns',
  '--log-level',
  '--pythonwarnings',
]);

/**
 * Options the judge sets itself or that would hide results: report paths, config and root, coverage,
 * parallelism, stopping early, re-running subsets, debuggers.
 */
const DROPPED =
  /^(-c|-r.*|-n|-x|--exitfirst|--maxfail|--junit-?xml|--rootdir|--confcutdir|--cov.*|--no-cov.*|--numprocesses|--dist|--lf|--last-failed|--ff|--failed-first|--sw|--stepwise|--pdb|--trace|--html|--basetemp|--benchmark-.*|--looponfail|-f|--timeout|--reruns)$/;

/** pytest's own name, or `-m pytest` after python or coverage. */
export function pytestStart(words: string[]): number | undefined {
  const at = words.findIndex((word) => /(^|\/)(py\.test|pytest)$/.test(word));
  if (at < 0) return undefined;
  if (at === 0 || words[at - 1] === '-m') return at + 1;
  return /(^|\/)(python[\d.]*|coverage|\$\(PYTHON\)|\$\{?PYTHON\}?|uv|poetry|pipenv|pdm|hatch)$/.test(
    words[0] ?? '',
  ) || ['run', 'exec'].includes(words[at - 1] ?? '')
    ? at + 1
    : undefined;
}

/** The pytest arguments of a command that runs pytest, or undefined when it does not. */
export function pytestArgs(command: SimpleCommand): PytestArgs | undefined {
  const start = pytestStart(command.words);
  if (start === undefined) return undefined;
  const args: PytestArgs = { options: [], selection: [], targets: [] };
  const words = command.words.slice(start);
  for (let i = 0; i < words.length; i++) {
    const word = cleanWord(words[i] ?? '');
    if (word === undefined) continue;
    if (!word.startsWith('-')) {
      args.targets.push(word);
      continue;
    }
    const [name, inline] = splitOption(word);
    const value = inline === undefined && VALUED.has(name) ? cleanWord(words[++i] ?? '') : undefined;
    if (DROPPED.test(name) || (VALUED.has(name) && inline === undefined && value === undefined)) continue;
    const kept = SELECTING.has(name) ? args.selection : args.options;
    kept.push(word, ...(value === undefined ? [] : [value]));
  }
  return args;
}

/** `-pxdist` → [-p, xdist], `--tb=short` → [--tb, short]; short flags like `-vx` stay whole. */
function splitOption(word: string): [string, string | undefined] {
  const eq = word.indexOf('=');
  if (word.startsWith('--')) return eq < 0 ? [word, undefined] : [word.slice(0, eq), word.slice(eq + 1)];
  const short = word.slice(0, 2);
  if (VALUED.has(short) && word.length > 2) return [short, word.slice(2)];
  return [/x/.test(word) ? '-x' : word, undefined];
}

/** A word without tox's `{toxinidir}/` prefix; undefined for substitutions only tox or make can fill. */
function cleanWord(word: string): string | undefined {
  const plain = word.replace(/^\{toxinidir\}\/?/, '').replace(/^\$\{?(PWD|CURDIR)\}?\/?/, '');
  if (plain === '' || /[{}$`]/.test(plain)) return undefined;
  return plain;
}
