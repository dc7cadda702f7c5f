import { buildSystem, buildWithoutIsolation } from './build-system.js';
import { normalizeName, requirementName } from './pip-edit.js';
import type { RepairRule } from './rule.js';
import { BUILD_DEPENDENCIES } from './unavailable-pin.js';

/** setuptools plugins that only derive the version from git; without them setuptools builds `0.0.0`. */
const VERSION_PLUGINS = new Set(['setuptools-git-versioning', 'versioningit', 'setuptools-git-version']);
const UNAVAILABLE = /No matching distribution found for (\S+)/;

/**
 * A setuptools build needs a version plugin the index lacks (`setuptools-git-versioning`): the plugin
 * only reads the version from git, which a snapshot has not got anyway. Install the other build
 * requirements as written (and wheel), then build the project with `--no-build-isolation` without the plugin.
 */
export const versionPlugin: RepairRule = {
  summary: 'a setuptools version plugin the index lacks: build without isolation and without the plugin',
  phases: ['build'],
  match({ log }) {
    if (!BUILD_DEPENDENCIES.test(log)) return undefined;
    for (const line of log.split('\n')) {
      const requirement = UNAVAILABLE.exec(line)?.[1];
      if (requirement && VERSION_PLUGINS.has(normalizeName(requirementName(requirement))))
        return { line: line.trim(), subject: requirement };
    }
    return undefined;
  },
  async edit(spec, _match, { files }) {
    const system = await buildSystem(files);
    if (system?.backend !== 'setuptools.build_meta') return undefined;
    const kept = system.requires.filter((r) => !VERSION_PLUGINS.has(normalizeName(requirementName(r))));
    // pip adds wheel to isolated setuptools builds; setuptools before 70.1 needs it for bdist_wheel
    if (!kept.some((r) => normalizeName(requirementName(r)) === 'wheel')) kept.push('wheel');
    return buildWithoutIsolation(spec, kept);
  },
};
