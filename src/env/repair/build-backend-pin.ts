import { buildSystem, buildWithoutIsolation } from './build-system.js';
import { normalizeName, requirementName } from './pip-edit.js';
import type { RepairRule } from './rule.js';
import { BUILD_DEPENDENCIES } from './unavailable-pin.js';

const UNAVAILABLE = /No matching distribution found for (\S+)/;

/**
 * A build backend pinned where the index has no release (`flit_core<4` when it has only 4.x): pip's
 * isolated build environment cannot be made. Install the build requirements unpinned into the
 * environment first, then build the project with `--no-build-isolation` on the backend that exists.
 */
export const buildBackendPin: RepairRule = {
  summary: 'a build backend pinned where the index has no release: build without isolation on the one it has',
  phases: ['build'],
  match({ log }) {
    if (!BUILD_DEPENDENCIES.test(log)) return undefined;
    for (const line of log.split('\n')) {
      const requirement = UNAVAILABLE.exec(line)?.[1];
      if (requirement) return { line: line.trim(), subject: requirement };
    }
    return undefined;
  },
  async edit(spec, { subject }, { files }) {
    const names = [...((await buildSystem(files))?.requires ?? []), subject].map(requirementName);
    const backends = names.filter(
      (name, i) => names.findIndex((n) => normalizeName(n) === normalizeName(name)) === i,
    );
    return buildWithoutIsolation(spec, backends);
  },
};
