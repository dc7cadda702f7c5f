import { pytestArgs, type PytestArgs } from './pytest-args.js';
import { simpleCommands } from './shell-words.js';

/** How a project runs pytest itself, read from where it keeps that, and what it installs for it. */
export interface ProjectPytest {
  /** Where it was read, e.g. `tox.ini [testenv] commands`. */
  source: string;
  args: PytestArgs;
  env: Record<string, string>;
  /** What the source installs for its tests (nox, hatch, tox in pyproject.toml): requirements, `-r` files, extras. */
  installs: { requirements: string[]; requirementFiles: string[]; extras: string[] };
}

/** One place projects keep their test command. */
export type Source = (repoDir: string) => Promise<ProjectPytest | undefined>;

export const noInstalls = (): ProjectPytest['installs'] => ({
  requirements: [],
  requirementFiles: [],
  extras: [],
});

/** The pytest arguments of the first line that runs pytest. */
export function firstPytest(lines: string[]): PytestArgs | undefined {
  for (const line of lines) {
    for (const command of simpleCommands(line)) {
      const args = pytestArgs(command);
      if (args) return args;
    }
  }
  return undefined;
}

/** A tox command line as a shell would see it: `-` (ignore errors) gone, `{posargs:X}` as `X`. */
export function toxLine(line: string): string {
  return line
    .replace(/^-\s*/, '')
    .replace(/\{posargs:([^}]*)\}/g, '$1')
    .replace(/\{posargs\}/g, '');
}
