import { parse as parseToml } from 'smol-toml';
import { normalizeName } from './pip-edit.js';
import type { CheckoutFiles } from './rule.js';

function pyprojectName(text: string): string | undefined {
  try {
    const project = (parseToml(text) as { project?: { name?: unknown } }).project;
    return typeof project?.name === 'string' ? project.name : undefined;
  } catch {
    return undefined;
  }
}

const setupCfgName = (text: string) => /^\[metadata\][^[]*?^name\s*=\s*(\S+)/m.exec(text)?.[1];
const setupPyName = (text: string) => /\bname\s*=\s*["']([A-Za-z0-9][\w.-]*)["']/.exec(text)?.[1];

/** The project's own distribution name (pyproject.toml, setup.cfg, then setup.py), normalized per PEP 503. */
export async function projectName(files: CheckoutFiles): Promise<string | undefined> {
  const name =
    pyprojectName((await files.read('pyproject.toml')) ?? '') ??
    setupCfgName((await files.read('setup.cfg')) ?? '') ??
    setupPyName((await files.read('setup.py')) ?? '');
  return name === undefined ? undefined : normalizeName(name);
}
