import type { EnvSpec } from '../schema/env.js';
import { shellQuote } from './shell.js';
import { SNAPSHOT_VAR } from './snapshot.js';

/** Where a build runs: the dependency directory being filled and the repository snapshot it reads. */
export interface InstallPaths {
  depsDir: string;
  snapshotDir: string;
}

/**
 * The bash script of a build: copy the spec's manifest files from the snapshot into the dependency
 * directory, then run its install commands there (traced, stopping at the first failure).
 */
export function installScript(spec: EnvSpec, { depsDir, snapshotDir }: InstallPaths): string {
  const copies = spec.manifest_files.map((file) => {
    const [from, to] = [`${snapshotDir}/${file}`, `${depsDir}/${file}`].map(shellQuote);
    return `mkdir -p "$(dirname ${to})" && cp ${from} ${to}`;
  });
  return [
    'exec 2>&1',
    'set -exo pipefail',
    `mkdir -p ${shellQuote(depsDir)}`,
    ...copies,
    `cd ${shellQuote(depsDir)}`,
    `export ${SNAPSHOT_VAR}=${shellQuote(snapshotDir)}`,
    ...spec.install,
  ].join('\n');
}
