import { parse as parseToml } from 'smol-toml';
import type { EnvSpec } from '../../schema/env.js';
import { shellQuote } from '../shell.js';
import type { CheckoutFiles, RepairRule } from './rule.js';
import { PRETEND_VERSION } from './vcs-version.js';

const MISSING = /(?:ModuleNotFoundError|ImportError): No module named '([\w.]+)'/;
const PRETENDED = /\bexport SETUPTOOLS_SCM_PRETEND_VERSION\w*=(\S+)/;
const SETUP_PY_KEY = /["']?(?:write_to|version_file)["']?\s*[:=]\s*["']([^"']+\.py)["']/g;

interface VersionTables {
  tool?: {
    hatch?: { build?: { hooks?: { vcs?: { 'version-file'?: unknown } } } };
    setuptools_scm?: { write_to?: unknown; version_file?: unknown };
  };
}

/** The files the build writes the version from git into: hatch-vcs's and setuptools-scm's keys. */
async function generatedVersionFiles(files: CheckoutFiles): Promise<string[]> {
  const found: unknown[] = [];
  const pyproject = await files.read('pyproject.toml');
  try {
    const tool = (parseToml(pyproject ?? '') as VersionTables).tool;
    const scm = tool?.setuptools_scm;
    found.push(tool?.hatch?.build?.hooks?.vcs?.['version-file'], scm?.write_to, scm?.version_file);
  } catch {
    // an unreadable pyproject.toml was reported at detection
  }
  const setupPy = (await files.read('setup.py')) ?? '';
  found.push(...[...setupPy.matchAll(SETUP_PY_KEY)].map((m) => m[1]));
  return found.flatMap((file) => (typeof file === 'string' ? [file.replace(/^\.\//, '')] : []));
}

/** The version file's text, as setuptools-scm's template writes it, for `version`. */
function versionFileLines(version: string): string[] {
  const parts = version.split('.').map((part) => (/^\d+$/.test(part) ? part : `"${part}"`));
  const tuple = parts.length === 1 ? `(${parts[0]},)` : `(${parts.join(', ')})`;
  return [
    '# written by LegoFactory in place of the file the build writes from git',
    `__version__ = version = "${version}"`,
    `__version_tuple__ = version_tuple = ${tuple}`,
    '__commit_id__ = commit_id = None',
  ];
}

function writeVersionFile(spec: EnvSpec, file: string): string {
  const version = spec.install.map((line) => PRETENDED.exec(line)?.[1]).find(Boolean) ?? PRETEND_VERSION;
  const text = versionFileLines(version).map(shellQuote).join(' ');
  return `[ -e ${shellQuote(file)} ] || printf '%s\\n' ${text} > ${shellQuote(file)}`;
}

/**
 * The tests import the version file the build writes from git (hatch-vcs `version-file`, setuptools-scm
 * `write_to` / `version_file`): the installed copy has it, but the working tree, first on PYTHONPATH,
 * does not. Write it into the checkout before the tests run, with the version the build pretended.
 */
export const vcsVersionFile: RepairRule = {
  summary: 'the tests import the version file the build writes from git: write it into the checkout first',
  phases: ['check'],
  async match({ log, files }) {
    const generated = await generatedVersionFiles(files);
    for (const line of log.split('\n')) {
      const module = MISSING.exec(line)?.[1];
      if (!module?.includes('.')) continue;
      const path = `${module.replaceAll('.', '/')}.py`;
      const file = generated.find((f) => f === path || f.endsWith(`/${path}`));
      if (file) return { line: line.trim(), subject: file };
    }
    return undefined;
  },
  edit(spec, { subject }) {
    const write = writeVersionFile(spec, subject);
    if (spec.test_cmd.includes(write)) return undefined;
    return { ...spec, test_cmd: `${write}; ${spec.test_cmd}` };
  },
};
