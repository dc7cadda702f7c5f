import type { EnvSpec, Language } from '../../schema/env.js';

/** The runtimes of the default Debian bookworm base image. */
export const debianRuntimes: Record<Language, string> = { python: '3.11', javascript: '18' };

export type Version = number[];

export function compare(a: Version, b: Version): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const diff = (a[i] ?? 0) - (b[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}

export const parts = (text: string): Version => text.split('.').map(Number);

/** The version among `allowed` nearest `preferred` (the newer on a tie). */
export function nearest(allowed: string[], preferred: string): string | undefined {
  const last = (v: string) => parts(v).at(-1) ?? 0;
  const gap = (v: string) => Math.abs(last(v) - last(preferred));
  return [...allowed].sort((a, b) => gap(a) - gap(b) || compare(parts(b), parts(a)))[0];
}

/** The runtime version a project asks for, and where it says so. */
export interface WantedRuntime {
  version: string;
  source: string;
}

export const firstLine = (text: string | undefined) => text?.split('\n')[0]?.trim() ?? '';

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
