import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { iniValue, toxSetenv } from './ini.js';
import { readIfExists } from './manifest.js';
import { fromHatch, fromPyprojectTox } from './pyproject-test-command.js';
import { firstPytest, noInstalls, toxLine, type ProjectPytest, type Source } from './pytest-source.js';
import { joinContinuedLines } from './shell-words.js';

const fromTox: Source = async (repoDir) => {
  const text = await readIfExists(repoDir, 'tox.ini');
  if (text === undefined) return undefined;
  const args = firstPytest(joinContinuedLines(iniValue(text, 'testenv', 'commands')).map(toxLine));
  if (!args) return undefined;
  return { source: 'tox.ini [testenv] commands', args, env: toxSetenv(text), installs: noInstalls() };
};

/** Top-level arguments of a call whose text starts right after its `(`, up to the matching `)`. */
function callArguments(text: string): string[] {
  const args: string[] = [];
  let depth = 0;
  let quote: string | undefined;
  let current = '';
  for (const char of text) {
    if (quote) {
      if (char === quote) quote = undefined;
    } else if (char === '"' || char === "'") quote = char;
    else if ('([{'.includes(char)) depth++;
    else if (')]}'.includes(char) && depth-- === 0) break;
    else if (char === ',' && depth === 0) {
      args.push(current.trim());
      current = '';
      continue;
    }
    current += char;
  }
  args.push(current.trim());
  return args.filter((arg) => arg !== '');
}

/** The leading string-literal arguments of each `session.NAME(...)` call in `body`. */
function sessionCalls(body: string, name: string): string[][] {
  return [...body.matchAll(new RegExp(`session\\.${name}\\(`, 'g'))].map((match) => {
    const strings: string[] = [];
    for (const arg of callArguments(body.slice((match.index ?? 0) + match[0].length))) {
      const literal = /^(['"])(.*)\1$/s.exec(arg);
      if (!literal) break;
      strings.push(literal[2] ?? '');
    }
    return strings;
  });
}

function noxInstalls(body: string): ProjectPytest['installs'] {
  const installs = noInstalls();
  for (const args of sessionCalls(body, 'install')) {
    for (let i = 0; i < args.length; i++) {
      const arg = args[i] ?? '';
      const extras = /^\.(?:\[([^\]]*)\])?$/.exec(arg);
      if (arg === '-r' && args[i + 1]) installs.requirementFiles.push(args[++i] ?? '');
      else if (extras) installs.extras.push(...(extras[1] ?? '').split(',').filter(Boolean));
      else if (!arg.startsWith('-')) installs.requirements.push(arg);
    }
  }
  return installs;
}

const fromNox: Source = async (repoDir) => {
  const text = await readIfExists(repoDir, 'noxfile.py');
  if (text === undefined) return undefined;
  const bodies = text.split(/^(?=@nox\.session|def )/m);
  for (const body of bodies) {
    const args = firstPytest(sessionCalls(body, 'run').map((words) => words.map(quoteWord).join(' ')));
    if (args) return { source: 'noxfile.py session.run', args, env: {}, installs: noxInstalls(body) };
  }
  return undefined;
};

const quoteWord = (word: string) => `'${word.replaceAll("'", `'\\''`)}'`;

const MAKE_TARGETS = ['test', 'tests', 'pytest', 'unittest', 'check'];

const fromMakefile: Source = async (repoDir) => {
  const text = await readIfExists(repoDir, 'Makefile');
  if (text === undefined) return undefined;
  for (const target of MAKE_TARGETS) {
    const recipe = new RegExp(`^${target}\\s*:[^=\\n]*\\n((?:\\t[^\\n]*\\n?)*)`, 'm').exec(text)?.[1] ?? '';
    const args = firstPytest(recipe.split('\n').map((line) => line.replace(/^\t[@+-]*/, '')));
    if (args) return { source: `Makefile ${target}:`, args, env: {}, installs: noInstalls() };
  }
  return undefined;
};

function workflowRuns(text: string): string[] {
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch {
    return [];
  }
  const jobs = Object.values((doc as { jobs?: Record<string, { steps?: unknown }> } | null)?.jobs ?? {});
  return jobs.flatMap((job) =>
    (Array.isArray(job?.steps) ? (job.steps as { run?: unknown }[]) : []).flatMap((step) =>
      typeof step?.run === 'string' ? step.run.split('\n') : [],
    ),
  );
}

const fromWorkflows: Source = async (repoDir) => {
  const dir = join(repoDir, '.github', 'workflows');
  const files = (await readdir(dir).catch(() => [])).filter((f) => /\.ya?ml$/.test(f)).sort();
  for (const file of files) {
    const args = firstPytest(workflowRuns((await readIfExists(dir, file)) ?? ''));
    if (args) return { source: `.github/workflows/${file}`, args, env: {}, installs: noInstalls() };
  }
  return undefined;
};

/** Where projects keep their test command, in the order they are read. */
export const pytestSources = {
  tox: fromTox,
  pyprojectTox: fromPyprojectTox,
  hatch: fromHatch,
  nox: fromNox,
  make: fromMakefile,
  workflows: fromWorkflows,
};

/** How the project runs pytest, from the first source that says. */
export async function projectPytest(repoDir: string): Promise<ProjectPytest | undefined> {
  for (const source of Object.values(pytestSources)) {
    const found = await source(repoDir);
    if (found) return found;
  }
  return undefined;
}

export type { ProjectPytest } from './pytest-source.js';
