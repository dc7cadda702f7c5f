import { Option, type Command } from 'commander';
import { functionListStyles } from '../agent/fncall-text-styles.js';
import { defaultCacheDir } from '../cache-dir.js';
import { LegoError } from '../errors.js';
import { historyModes, type HistoryMode } from '../repos/history.js';

export { defaultCacheDir };

/** Collects a repeatable `--flag owner/name=VALUE` into a map. */
export function collectPairs(value: string, previous: Record<string, string> = {}): Record<string, string> {
  const at = value.indexOf('=');
  if (at <= 0 || at === value.length - 1)
    throw new LegoError('bad_input', `expected owner/name=VALUE, got "${value}"`);
  return { ...previous, [value.slice(0, at)]: value.slice(at + 1) };
}

/** A number that is zero or more. */
export function nonNegative(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0)
    throw new LegoError('bad_input', `expected a number >= 0, got "${value}"`);
  return n;
}

/** A whole number (seeds may be zero or negative). */
export function wholeNumber(value: string): number {
  if (!/^-?\d+$/.test(value)) throw new LegoError('bad_input', `expected a whole number, got "${value}"`);
  return Number(value);
}

/** A whole number of at least 1. */
export function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new LegoError('bad_input', `expected a positive whole number, got "${value}"`);
  return n;
}

/** `--history`: how much of the base commit's history a workspace fetches. */
export function historyOption(): Option {
  return new Option(
    '--history <mode>',
    'history checked out with the base commit: full (shallow when the mirror lacks objects) or shallow (the commit alone)',
  )
    .choices(historyModes)
    .default('full');
}

/** The options every command that opens task sandboxes shares. */
/** `--function-list`: how native tools and calls are laid out in the text format. */
export function functionListOption(description: string): Option {
  return new Option('--function-list <layout>', description)
    .choices(Object.keys(functionListStyles))
    .default('legofactory');
}

/** `--crlf keep|normalize`: whether `\r\n` becomes `\n` in text-format messages. */
export function crlfOption(description: string): Option {
  return new Option('--crlf <how>', description).choices(['keep', 'normalize']).default('keep');
}

export function addTaskOptions(command: Command): Command {
  return command
    .option('--repo <owner/name=PATH_OR_URL>', 'where a repository comes from (repeatable)', collectPairs, {})
    .option(
      '--env <owner/name=SPEC>',
      'an EnvSpec file (YAML or JSON) that overrides detection (repeatable)',
      collectPairs,
      {},
    )
    .addOption(
      new Option('--sandbox <provider>', 'where tests run').choices(['docker', 'local']).default('docker'),
    )
    .option('--base-image <image>', 'base image for environments (default: a Debian image built locally)')
    .addOption(historyOption())
    .option(
      '--cache <dir>',
      'cache for repository mirrors and local environments',
      defaultCacheDir(process.env),
    );
}

export interface TaskFlags {
  repo: Record<string, string>;
  env: Record<string, string>;
  sandbox: 'docker' | 'local';
  baseImage?: string;
  history: HistoryMode;
  cache: string;
}

/** Aborts on the first Ctrl-C so in-flight items clean up; a second one exits at once. */
export function abortOnSigint(): AbortSignal {
  const controller = new AbortController();
  process.once('SIGINT', () => {
    console.error('\ninterrupted: finishing cleanup (Ctrl-C again to exit now)');
    controller.abort();
    process.once('SIGINT', () => process.exit(130));
  });
  return controller.signal;
}
