import { parse as parseToml } from 'smol-toml';
import { SNAPSHOT_VAR } from '../snapshot.js';
import { isPipInstall, normalizeName, pipInstallLine, requirementName } from './pip-edit.js';
import type { CheckoutFiles, RepairRule } from './rule.js';
import { BUILD_DEPENDENCIES } from './unavailable-pin.js';

/** setuptools plugins that only derive the version from git; without them setuptools builds `0.0.0`. */
const VERSION_PLUGINS = new Set(['setuptools-git-versioning', 'versioningit', 'setuptools-git-version']);
const UNAVAILABLE = /No matching distribution found for (\S+)/;
const NO_ISOLATION = '--no-build-isolation';

interface BuildSystem {
  'build-system'?: { requires?: unknown; 'build-backend'?: unknown };
}

/** `[build-system]` of the checkout's pyproject.toml, when its backend is setuptools. */
async function setuptoolsRequires(files: CheckoutFiles): Promise<string[] | undefined> {
  try {
    const system = (parseToml((await files.read('pyproject.toml')) ?? '') as BuildSystem)['build-system'];
    if (system?.['build-backend'] !== 'setuptools.build_meta' || !Array.isArray(system.requires))
      return undefined;
    return system.requires.filter((r): r is string => typeof r === 'string');
  } catch {
    return undefined;
  }
}

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
    const at = spec.install.findIndex((line) => isPipInstall(line) && line.includes(`$${SNAPSHOT_VAR}`));
    const line = spec.install[at];
    const requires = await setuptoolsRequires(files);
    if (line === undefined || line.includes(NO_ISOLATION) || requires === undefined) return undefined;
    const kept = requires.filter((r) => !VERSION_PLUGINS.has(normalizeName(requirementName(r))));
    // pip adds wheel to isolated setuptools builds; setuptools before 70.1 needs it for bdist_wheel
    if (!kept.some((r) => normalizeName(requirementName(r)) === 'wheel')) kept.push('wheel');
    const install = [...spec.install];
    install.splice(
      at,
      1,
      pipInstallLine(spec, kept),
      line.replace(/\bpip install /, `pip install ${NO_ISOLATION} `),
    );
    return { ...spec, install };
  },
};
