import type { EnvSpec, Language } from '../../schema/env.js';
import { readIfExists } from './manifest.js';

/** The runtimes of the default Debian bookworm base image. */
export const debianRuntimes: Record<Language, string> = { python: '3.11', javascript: '18' };

const PYTHON_MINORS = [6, 7, 8, 9, 10, 11, 12, 13, 14];
const NODE_MAJORS = [12, 14, 16, 18, 20, 22, 24];
const NODE_LTS: Record<string, number> = {
  argon: 4,
  boron: 6,
  carbon: 8,
  dubnium: 10,
  erbium: 12,
  fermium: 14,
  gallium: 16,
  hydrogen: 18,
  iron: 20,
  jod: 22,
  krypton: 24,
};

type Version = number[];

function compare(a: Version, b: Version): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const diff = (a[i] ?? 0) - (b[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}

const parts = (text: string): Version => text.split('.').map(Number);

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

/** Whether major `n` meets a node-semver range such as `>=14`, `^18 || ^20`, `18.x`, `16 - 20`. */
function meetsNodeRange(major: number, range: string): boolean {
  return range.split('||').some((alternative) => {
    const hyphen = /^\s*v?(\d+)\S*\s+-\s+v?(\d+)/.exec(alternative);
    if (hyphen) return major >= Number(hyphen[1]) && major <= Number(hyphen[2]);
    return alternative
      .replace(/(>=|<=|>|<|=|\^|~)\s+/g, '$1')
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .every((clause) => {
        const match = /^(\^|~|>=|<=|>|<|=)?v?(\d+|[*xX])(?:\.(\d+|[*xX]))?/.exec(clause);
        if (!match || /[*xX]/.test(match[2] ?? '')) return true;
        const n = Number(match[2]);
        const minor = Number(match[3] ?? 0) || 0;
        if (match[1] === '>=') return major >= n;
        if (match[1] === '>') return match[3] === undefined ? major > n : major >= n;
        if (match[1] === '<=') return major <= n;
        if (match[1] === '<') return major < n || (major === n && minor > 0);
        return major === n;
      });
  });
}

/** The version among `allowed` nearest `preferred` (the newer on a tie). */
function nearest(allowed: string[], preferred: string): string | undefined {
  const last = (v: string) => parts(v).at(-1) ?? 0;
  const gap = (v: string) => Math.abs(last(v) - last(preferred));
  return [...allowed].sort((a, b) => gap(a) - gap(b) || compare(parts(b), parts(a)))[0];
}

/** The runtime version a project asks for, and where it says so. */
export interface WantedRuntime {
  version: string;
  source: string;
}

const firstLine = (text: string | undefined) => text?.split('\n')[0]?.trim() ?? '';

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

/** The node major a project wants: `.nvmrc` or `.node-version`, else the one nearest 20 that `engines.node` allows. */
export async function wantedNode(
  repoDir: string,
  engines: string | undefined,
): Promise<WantedRuntime | undefined> {
  for (const file of ['.nvmrc', '.node-version']) {
    const line = firstLine(await readIfExists(repoDir, file)).toLowerCase();
    const major = /^v?(\d+)/.exec(line)?.[1] ?? NODE_LTS[line.replace(/^lts\//, '')]?.toString();
    if (major) return { version: major, source: file };
  }
  if (engines === undefined) return undefined;
  const version = nearest(NODE_MAJORS.filter((major) => meetsNodeRange(major, engines)).map(String), '20');
  return version === undefined ? undefined : { version, source: `engines.node "${engines}"` };
}

/**
 * Says so when a spec wants a runtime version that `available` (the versions the chosen base image or
 * machine has) lacks; undefined when it has it, or when the spec names none.
 */
export function runtimeUnavailable(spec: EnvSpec, available: string[]): string | undefined {
  if (spec.runtime_version === '' || available.includes(spec.runtime_version)) return undefined;
  const name = spec.language === 'python' ? 'Python' : 'node';
  return (
    `${name} ${spec.runtime_version} wanted, but only ${name} ${available.join(', ')} is available here; ` +
    `tests run on ${available[0]}. With a registry, --base-image registry picks ` +
    `${registryImageFor(spec.language, spec.runtime_version)}.`
  );
}

/** The registry image for a language and version: `python:X.Y-slim`, `node:N`. */
export function registryImageFor(language: Language, version: string): string {
  return language === 'python'
    ? `python:${version || debianRuntimes.python}-slim`
    : `node:${version || '20'}`;
}
