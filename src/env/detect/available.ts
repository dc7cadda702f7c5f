import { execa } from 'execa';
import type { Language } from '../../schema/env.js';
import { debianRuntimes } from './runtime.js';

/** The runtime versions a build can use, by language; null where any version can be had or none is known. */
export type AvailableRuntimes = Record<Language, string[]> | null;

async function hostPython(): Promise<string> {
  const result = await execa('python3', ['-c', 'import sys; print("%d.%d" % sys.version_info[:2])'], {
    reject: false,
  });
  return result.exitCode === 0 ? result.stdout.trim() : debianRuntimes.python;
}

/**
 * What the chosen sandbox offers: docker's default Debian image has Python 3.11 and node 18; local
 * environments use this machine's python3 and node. Any `--base-image` gives null: `registry` offers
 * every version, and what another image holds is not known (null: no note is made).
 */
export async function availableRuntimes(
  sandbox: 'docker' | 'local',
  baseImage?: string,
): Promise<AvailableRuntimes> {
  if (sandbox === 'local') {
    return { python: [await hostPython()], javascript: [process.versions.node.split('.')[0] ?? ''] };
  }
  if (baseImage !== undefined) return null;
  return { python: [debianRuntimes.python], javascript: [debianRuntimes.javascript] };
}
