import { pytestArgs, type PytestArgs } from './pytest-args.js';
import { joinContinuedLines, simpleCommands } from './shell-words.js';

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
  for (const line of joinContinuedLines(lines)) {
    for (const command of simpleCommands(line)) {
      const args = pytestArgs(command);
      if (args) return args;
    }
  }
  return undefined;
}

/** A tox command line as a shell would see it: `-` (ignore errors) gone, `{posargs:X}` as `X`. */
export function toxLine(line: string): string {
  return withoutPosargs(line.replace(/^-\s*/, '').replace(/\{posargs\}/g, ''));
}

/** `{posargs:X}` as `X`, X holding other substitutions (`{toxworkdir}`); unclosed, X runs to the end. */
function withoutPosargs(line: string): string {
  const start = line.indexOf('{posargs:');
  if (start < 0) return line;
  let depth = 0;
  let end = start + '{posargs:'.length;
  for (; end < line.length; end++) {
    if (line[end] === '{') depth++;
    else if (line[end] === '}' && depth-- === 0) break;
  }
  const inner = line.slice(start + '{posargs:'.length, end);
  return line.slice(0, start) + inner + withoutPosargs(line.slice(end + 1));
}
