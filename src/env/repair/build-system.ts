import { parse as parseToml } from 'smol-toml';
import type { EnvSpec } from '../../schema/env.js';
import { SNAPSHOT_VAR } from '../snapshot.js';
import { isPipInstall, pipInstallLine } from './pip-edit.js';
import type { CheckoutFiles } from './rule.js';

const NO_ISOLATION = '--no-build-isolation';

/** `[build-system]` of the checkout's pyproject.toml; undefined when it has none or cannot be read. */
export async function buildSystem(
  files: CheckoutFiles,
): Promise<{ requires: string[]; backend?: string } | undefined> {
  const text = await files.read('pyproject.toml');
  if (text === undefined) return undefined;
  try {
    const system = (
      parseToml(text) as { 'build-system'?: { requires?: unknown; 'build-backend'?: unknown } }
    )['build-system'];
    if (system === undefined) return undefined;
    const requires = Array.isArray(system.requires)
      ? system.requires.filter((r): r is string => typeof r === 'string')
      : [];
    const backend = system['build-backend'];
    return typeof backend === 'string' ? { requires, backend } : { requires };
  } catch {
    return undefined;
  }
}

/**
 * The spec with `requirements` installed into the environment first and the project's own pip line
 * built with `--no-build-isolation` on them; undefined when the spec does not install the project or
 * already builds it without isolation.
 */
export function buildWithoutIsolation(spec: EnvSpec, requirements: string[]): EnvSpec | undefined {
  const at = spec.install.findIndex((line) => isPipInstall(line) && line.includes(`$${SNAPSHOT_VAR}`));
  const line = spec.install[at];
  if (line === undefined || line.includes(NO_ISOLATION)) return undefined;
  const install = [...spec.install];
  const isolated = line.replace(/\bpip install /, `pip install ${NO_ISOLATION} `);
  install.splice(at, 1, pipInstallLine(spec, requirements), isolated);
  return { ...spec, install };
}
