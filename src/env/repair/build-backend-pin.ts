import { parse as parseToml } from 'smol-toml';
import { isPipInstall, normalizeName, pipInstallLine, requirementName } from './pip-edit.js';
import type { CheckoutFiles, RepairRule } from './rule.js';
import { BUILD_DEPENDENCIES } from './unavailable-pin.js';
import { SNAPSHOT_VAR } from '../snapshot.js';

const UNAVAILABLE = /No matching distribution found for (\S+)/;
const NO_ISOLATION = '--no-build-isolation';

/** `[build-system].requires` of the checkout's pyproject.toml (empty when unreadable). */
async function buildRequires(files: CheckoutFiles): Promise<string[]> {
  const text = await files.read('pyproject.toml');
  if (text === undefined) return [];
  try {
    const system = (parseToml(text) as { 'build-system'?: { requires?: unknown } })['build-system'];
    return Array.isArray(system?.requires) ? system.requires.filter((r) => typeof r === 'string') : [];
  } catch {
    return [];
  }
}

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
    const at = spec.install.findIndex((line) => isPipInstall(line) && line.includes(`$${SNAPSHOT_VAR}`));
    const line = spec.install[at];
    if (line === undefined || line.includes(NO_ISOLATION)) return undefined;
    const requires = await buildRequires(files);
    const names = [...requires, subject].map(requirementName);
    const backends = names.filter(
      (name, i) => names.findIndex((n) => normalizeName(n) === normalizeName(name)) === i,
    );
    const install = [...spec.install];
    install.splice(
      at,
      1,
      pipInstallLine(spec, backends),
      line.replace(/\bpip install /, `pip install ${NO_ISOLATION} `),
    );
    return { ...spec, install };
  },
};
