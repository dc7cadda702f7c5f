import { readIfExists } from './manifest.js';
import {
  compare,
  debianRuntimes,
  firstLine,
  nearest,
  parts,
  type Version,
  type WantedRuntime,
} from './runtime.js';

const PYTHON_MINORS = [6, 7, 8, 9, 10, 11, 12, 13, 14];

/** Whether `version` (3.X, as 3.X.0 and any 3.X.n) meets one PEP 440 clause such as `>=3.8` or `!=3.9.*`. */
function meetsPep440(version: Version, clause: string): boolean {
  const match = /^(~=|==|!=|<=|>=|<|>)\s*v?([\d.]+)(\.\*)?$/.exec(clause.trim());
  if (!match) return true;
  const [, op, text = '', star] = match;
  const bound = parts(text);
  const prefix = version.slice(0, bound.length);
  if (op === '==' || op === '!=') {
    const equal = star || bound.length <= 2 ? compare(prefix, bound) === 0 : compare(version, bound) === 0;
    return op === '==' ? equal : !equal;
  }
  const atLeast = compare(prefix, bound) >= 0 || compare(version, bound.slice(0, 2)) >= 0;
  if (op === '~=') {
    const head = bound.slice(0, Math.max(bound.length - 1, 1));
    return compare(version.slice(0, head.length), head) === 0 && atLeast;
  }
  if (op === '<') return compare(version, bound) < 0;
  if (op === '>') return compare(prefix, bound) > 0;
  if (op === '<=') return compare(prefix, bound) <= 0;
  return atLeast;
}

/** The minor versions 3.X that a `requires-python` value allows. */
export function pythonAllowed(requires: string): string[] {
  return PYTHON_MINORS.map((minor) => [3, minor])
    .filter((version) => requires.split(',').every((clause) => meetsPep440(version, clause)))
    .map((version) => version.join('.'));
}

async function pythonTexts(repoDir: string): Promise<string> {
  const files = ['pyproject.toml', 'setup.cfg', 'setup.py'];
  return (await Promise.all(files.map((file) => readIfExists(repoDir, file)))).join('\n');
}

/**
 * The Python a project wants: `.python-version`, else the version nearest 3.11 that `requires-python`
 * (or `python_requires`) and the `Programming Language :: Python :: 3.X` classifiers both allow.
 */
export async function wantedPython(repoDir: string): Promise<WantedRuntime | undefined> {
  const pinned = /^(?:pypy|cpython-?)?(3\.\d+)/.exec(
    firstLine(await readIfExists(repoDir, '.python-version')),
  );
  if (pinned?.[1]) return { version: pinned[1], source: '.python-version' };
  const text = await pythonTexts(repoDir);
  const declared = /(requires-python|python_requires)\s*=\s*["']?([^"'\n]+)/.exec(text);
  const requires = declared?.[2]?.trim();
  const classified = [...text.matchAll(/Programming Language :: Python :: (3\.\d+)\b/g)].map(
    (m) => m[1] ?? '',
  );
  if (requires === undefined && classified.length === 0) return undefined;
  let allowed = requires === undefined ? PYTHON_MINORS.map((minor) => `3.${minor}`) : pythonAllowed(requires);
  if (classified.length > 0 && allowed.some((v) => classified.includes(v))) {
    allowed = allowed.filter((v) => classified.includes(v));
  }
  const version = nearest(allowed, debianRuntimes.python);
  if (version === undefined) return undefined;
  const sources = [
    ...(requires === undefined ? [] : [`${declared?.[1]} "${requires}"`]),
    ...(classified.length > 0 ? ['classifiers'] : []),
  ];
  return { version, source: sources.join(' and ') };
}
