import { parse as parseToml } from 'smol-toml';
import { LegoError } from '../../errors.js';
import { readIfExists } from './manifest.js';
import { iniKeys } from './ini.js';

const TEST_NAMES = ['test', 'tests', 'testing'];

/** The test-flavoured names among `names`: test/tests/testing, else dev. */
export function testNames(names: Iterable<string>): string[] {
  const all = [...names];
  const tests = all.filter((name) => TEST_NAMES.includes(name));
  return tests.length > 0 ? tests : all.filter((name) => name === 'dev');
}

type Table = Record<string, unknown>;

function table(value: unknown): Table {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Table) : {};
}

/** The parsed pyproject.toml, or undefined when there is none. */
export async function readPyproject(repoDir: string): Promise<Table | undefined> {
  const text = await readIfExists(repoDir, 'pyproject.toml');
  if (text === undefined) return undefined;
  try {
    return parseToml(text) as Table;
  } catch (err) {
    throw new LegoError(
      'env_detect_failed',
      `pyproject.toml in ${repoDir} is not valid TOML (${(err as Error).message.split('\n')[0]}); ` +
        'fix it or pass --env owner/name=spec.yaml',
      { cause: err },
    );
  }
}

/** Whether pip can build the project from pyproject.toml alone. */
export function pyprojectIsBuildable(pyproject: Table): boolean {
  return 'project' in pyproject || 'build-system' in pyproject;
}

/** Test extras declared in `[project.optional-dependencies]`. */
export function pyprojectExtras(pyproject: Table): string[] {
  return testNames(Object.keys(table(table(pyproject.project)['optional-dependencies'])));
}

function expandGroup(groups: Table, name: string, seen: Set<string>): string[] {
  if (seen.has(name)) return [];
  seen.add(name);
  const entries = Array.isArray(groups[name]) ? (groups[name] as unknown[]) : [];
  return entries.flatMap((entry) => {
    if (typeof entry === 'string') return [entry];
    const include = table(entry)['include-group'];
    return typeof include === 'string' ? expandGroup(groups, include, seen) : [];
  });
}

/** Requirements of the test dependency groups (PEP 735), includes expanded. */
export function pyprojectGroupRequirements(pyproject: Table): string[] {
  const groups = table(pyproject['dependency-groups']);
  const seen = new Set<string>();
  return testNames(Object.keys(groups)).flatMap((name) => expandGroup(groups, name, seen));
}

/** Test extras in setup.cfg's `[options.extras_require]`. */
export function setupCfgExtras(text: string): string[] {
  return testNames(iniKeys(text, 'options.extras_require'));
}

/** Test extras in setup.py's `extras_require` (quoted keys, as most setup.py files write them). */
export function setupPyExtras(text: string): string[] {
  if (!text.includes('extras_require')) return [];
  return testNames(new Set([...text.matchAll(/['"]([\w.-]+)['"]\s*:/g)].map((match) => match[1] ?? '')));
}
