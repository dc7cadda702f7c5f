import { parse as parseToml } from 'smol-toml';
import { checkoutFiles } from '../checkout-files.js';
import { PRETEND_VERSION } from '../repair/vcs-version.js';
import type { CheckoutFiles } from '../repair/rule.js';
import { shellQuote } from '../shell.js';

const SETUP_PY_KEY = /["']?(?:write_to|version_file)["']?\s*[:=]\s*["']([^"']+\.py)["']/g;

interface VersionTables {
  tool?: {
    hatch?: { build?: { hooks?: { vcs?: { 'version-file'?: unknown } } } };
    setuptools_scm?: { write_to?: unknown; version_file?: unknown };
  };
}

/** The files a build writes the version from git into: hatch-vcs's and setuptools-scm's keys. */
async function generatedVersionFiles(files: CheckoutFiles): Promise<string[]> {
  const found: unknown[] = [];
  try {
    const tool = (parseToml((await files.read('pyproject.toml')) ?? '') as VersionTables).tool;
    const scm = tool?.setuptools_scm;
    found.push(tool?.hatch?.build?.hooks?.vcs?.['version-file'], scm?.write_to, scm?.version_file);
  } catch {
    // an unreadable pyproject.toml names no version file
  }
  const setupPy = (await files.read('setup.py')) ?? '';
  found.push(...[...setupPy.matchAll(SETUP_PY_KEY)].map((m) => m[1]));
  return found.flatMap((file) => (typeof file === 'string' ? [file.replace(/^\.\//, '')] : []));
}

/** The version file's text, as setuptools-scm's template writes it. */
function versionFileText(version: string): string[] {
  const parts = version.split('.');
  return [
    '# written by LegoFactory in place of the file the build writes from git',
    `__version__ = version = "${version}"`,
    `__version_tuple__ = version_tuple = (${parts.join(', ')}${parts.length === 1 ? ',' : ''})`,
    '__commit_id__ = commit_id = None',
  ];
}

/**
 * Shell lines that write the version files the build generates from git (hatch-vcs `version-file`,
 * setuptools-scm `write_to` / `version_file`) into the checkout when it lacks them. The installed copy
 * has them, but the working tree comes first on PYTHONPATH, and its package would fail to import them.
 */
export async function versionFileWrites(repoDir: string): Promise<string[]> {
  const files = checkoutFiles(repoDir);
  const writes: string[] = [];
  for (const file of await generatedVersionFiles(files)) {
    if ((await files.read(file)) !== undefined) continue;
    const text = versionFileText(PRETEND_VERSION).map(shellQuote).join(' ');
    writes.push(`[ -e ${shellQuote(file)} ] || printf '%s\\n' ${text} > ${shellQuote(file)}`);
  }
  return writes;
}
