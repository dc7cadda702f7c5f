import type { EnvSpec } from '../../schema/env.js';
import { shellQuote } from '../shell.js';
import { moduleDistributions } from './module-distributions.js';
import type { CheckoutFiles, RepairRule } from './rule.js';

const MISSING = /(?:ModuleNotFoundError|ImportError): No module named '?([\w.]+)'?/;

/** Whether `module` is the project's own (then a missing module is not a missing distribution). */
async function isOwnModule(files: CheckoutFiles, module: string): Promise<boolean> {
  const paths = [`${module}/__init__.py`, `${module}.py`, `src/${module}/__init__.py`, `src/${module}.py`];
  for (const path of paths) if ((await files.read(path)) !== undefined) return true;
  return false;
}

/** The distribution that provides an importable top-level module. */
export function distributionOf(module: string): string {
  return moduleDistributions[module] ?? module;
}

function pipInstall(spec: EnvSpec, distribution: string): string {
  const python = spec.install.some((line) => line.includes('venv/bin/')) ? 'venv/bin/python' : 'python3';
  return `${python} -m pip install ${shellQuote(distribution)}`;
}

/**
 * `ModuleNotFoundError` / `ImportError` when the tests run (at collection, in conftest.py): install the
 * distribution providing the module, named through the import-name→distribution map.
 */
export const missingModule: RepairRule = {
  summary: 'a module the tests import is not installed: install the distribution that provides it',
  phases: ['check'],
  async match({ log, files }) {
    for (const line of log.split('\n')) {
      const module = MISSING.exec(line)?.[1]?.split('.')[0];
      if (module && !(await isOwnModule(files, module))) return { line: line.trim(), subject: module };
    }
    return undefined;
  },
  edit(spec, { subject }) {
    const command = pipInstall(spec, distributionOf(subject));
    if (spec.install.includes(command)) return undefined;
    return { ...spec, install: [...spec.install, command] };
  },
};
