import { moduleDistributions } from './module-distributions.js';
import { normalizeName } from './pip-edit.js';
import type { CheckoutFiles } from './rule.js';

const TEST_DIRS = ['tests', 'test', 'testing'];
const ROOT_TEST_FILE = /^(conftest\.py|test_[^/]*\.py|[^/]*_test\.py)$/;
/** Reading stops after this many bytes of test files. */
const MAX_BYTES = 4_000_000;

/** The modules a distribution is imported as: the import-name map reversed, and its own name with `_`. */
export function importNames(distribution: string): string[] {
  const normal = normalizeName(distribution);
  const mapped = Object.entries(moduleDistributions)
    .filter(([, dist]) => normalizeName(dist) === normal)
    .map(([module]) => module);
  return [...new Set([...mapped, normal.replace(/-/g, '_')])];
}

async function testFiles(files: CheckoutFiles): Promise<string[]> {
  const nested = await Promise.all(TEST_DIRS.map((dir) => files.list?.(dir) ?? []));
  const root = ((await files.list?.('.')) ?? []).filter((path) => ROOT_TEST_FILE.test(path));
  return [...root, ...nested.flat().filter((path) => path.endsWith('.py'))];
}

/** The top-level modules a module-level (unindented) import statement of `text` names. */
export function hardImports(text: string): Set<string> {
  const modules = new Set<string>();
  for (const line of text.split('\n')) {
    const from = /^from\s+([\w]+)[\w.]*\s+import\b/.exec(line)?.[1];
    if (from) modules.add(from);
    const imported = /^import\s+([^#;]+)/.exec(line)?.[1] ?? '';
    for (const part of imported.split(',')) {
      const module = /^\s*([\w]+)/.exec(part)?.[1];
      if (module) modules.add(module);
    }
  }
  return modules;
}

/**
 * The modules the project's tests cannot run without: those a test file or conftest.py imports at
 * module level, or names in `pytest_plugins`. Imports inside functions, `try` blocks (optional) and
 * `pytest.importorskip` do not count. Undefined when the checkout cannot list its files.
 */
export async function testImports(files: CheckoutFiles): Promise<Set<string> | undefined> {
  if (!files.list) return undefined;
  const modules = new Set<string>();
  let bytes = 0;
  for (const path of await testFiles(files)) {
    if (bytes > MAX_BYTES) break;
    const text = (await files.read(path)) ?? '';
    bytes += text.length;
    for (const module of hardImports(text)) modules.add(module);
    const plugins = /pytest_plugins\s*=([^\]\n)]*)/.exec(text)?.[1] ?? '';
    for (const plugin of plugins.matchAll(/["']([\w]+)/g)) modules.add(plugin[1] ?? '');
  }
  return modules;
}

/** Whether tests importing `imports` (from testImports) need `distribution`; unknown imports need everything. */
export function testsNeed(imports: Set<string> | undefined, distribution: string): boolean {
  return !imports || importNames(distribution).some((module) => imports.has(module));
}
