import { basename } from 'node:path';
import { fileChanges } from './diff-paths.js';
import { preloadedModules } from './python-shadows.js';

/** A file's text before and after the judged patch (undefined when it does not exist there). */
export interface InfraContents {
  before(path: string): Promise<string | undefined>;
  after(path: string): Promise<string | undefined>;
}

/** Files that are test infrastructure whatever the change. */
const alwaysInfra = [
  /^conftest\.py$/,
  /^(sitecustomize|usercustomize)\.py$/,
  /\.pth$/,
  /^\.?pytest\.(ini|toml)$/,
  /^(vitest|vite|jest)\.config\.[cm]?[jt]sx?$/,
  /^vitest\.(workspace|projects)\.[cm]?[jt]s(on)?$/,
  /^jest\.config\.json$/,
  /^\.mocharc(\.(c?js|ya?ml|jsonc?))?$/,
];

/** Shared config files: infrastructure only where a hunk touches their pytest section. */
const pytestSection: Record<string, (section: string) => boolean> = {
  'pyproject.toml': (section) => section === 'tool.pytest' || section.startsWith('tool.pytest.'),
  'tox.ini': (section) => section === 'pytest',
  'setup.cfg': (section) => section === 'tool:pytest' || section === 'pytest',
};

/** One file's part of a diff: its header lines and hunks. */
function sections(patch: string): string[][] {
  const lines = patch.split('\n');
  const found: string[][] = [];
  let current: string[] | null = null;
  let hunked = false;
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i]!;
    const plainStart =
      line.startsWith('--- ') && lines[i + 1]?.startsWith('+++ ') && (current === null || hunked);
    if (line.startsWith('diff --git ') || plainStart) {
      current = [];
      hunked = false;
      found.push(current);
    }
    if (line.startsWith('@@ ')) hunked = true;
    current?.push(line);
  }
  return found;
}

const header = /^\s*\[([^\]]+)\]/;

/** The section each line of `text` is in (1-based), '' before the first header. */
function sectionsOf(text: string): string[] {
  let section = '';
  return ['', ...text.split('\n').map((line) => (section = header.exec(line)?.[1]?.trim() ?? section))];
}

/**
 * Whether a hunk of an ini/TOML file changes a pytest section: a changed line in such a section (known
 * from the file's text when given, else from a header seen earlier in the hunk), a changed line naming
 * pytest, or a changed line whose section cannot be told.
 */
function touchesPytestSection(
  lines: string[],
  isPytest: (section: string) => boolean,
  before: string | undefined,
  after: string | undefined,
): boolean {
  const [oldSections, newSections] = [before, after].map((text) =>
    text === undefined ? null : sectionsOf(text),
  );
  let oldLine = 0;
  let newLine = 0;
  let seen: string | null = null;
  for (const line of lines) {
    const counts = /^@@ -(\d+)(?:,\d+)? \+(\d+)/.exec(line);
    if (counts) {
      [oldLine, newLine, seen] = [Number(counts[1]), Number(counts[2]), null];
      continue;
    }
    const kind = line[0];
    const text = line.slice(1);
    if (kind !== ' ' && kind !== '+' && kind !== '-') continue;
    const headerHere = header.exec(text)?.[1]?.trim();
    if (kind === ' ') {
      if (headerHere !== undefined) seen = headerHere;
      [oldLine, newLine] = [oldLine + 1, newLine + 1];
      continue;
    }
    const known = kind === '-' ? oldSections?.[oldLine] : newSections?.[newLine];
    const section = headerHere ?? known ?? seen;
    if (/pytest/i.test(text) || section === null || isPytest(section)) return true;
    if (headerHere !== undefined) seen = headerHere;
    if (kind === '-') oldLine += 1;
    else newLine += 1;
  }
  return false;
}

/** package.json's test-infrastructure keys: the test script and jest's and mocha's config. */
function packageInfra(text: string | undefined): string | null {
  if (text === undefined) return JSON.stringify([]);
  try {
    const pkg = JSON.parse(text) as { scripts?: { test?: unknown }; jest?: unknown; mocha?: unknown };
    return JSON.stringify([pkg.scripts?.test ?? null, pkg.jest ?? null, pkg.mocha ?? null]);
  } catch {
    return null;
  }
}

/**
 * The top-level module `path` defines on one of the Python path roots (repository-relative, '' for the
 * root), when that module's name is one pytest imports before the judge's plugin loads: its path.
 */
function shadowingModule(path: string, pythonRoots: string[]): string | undefined {
  for (const root of pythonRoots) {
    const prefix = root === '' ? '' : `${root}/`;
    if (!path.startsWith(prefix)) continue;
    const [top, ...rest] = path.slice(prefix.length).split('/');
    if (top === undefined || (rest.length === 0 && !top.endsWith('.py'))) continue;
    if (preloadedModules.has(rest.length === 0 ? top.slice(0, -3) : top)) return `${prefix}${top}`;
  }
  return undefined;
}

async function isInfra(
  path: string,
  lines: string[],
  contents: InfraContents | undefined,
  pythonRoots: string[],
): Promise<boolean> {
  const name = basename(path);
  if (alwaysInfra.some((pattern) => pattern.test(name))) return true;
  const shadow = shadowingModule(path, pythonRoots);
  if (shadow !== undefined && (contents === undefined || (await contents.before(shadow)) === undefined)) {
    return true;
  }
  const before = () => contents?.before(path) ?? Promise.resolve(undefined);
  const after = () => contents?.after(path) ?? Promise.resolve(undefined);
  if (name === 'package.json') {
    if (contents === undefined) return true;
    const [old, now] = [packageInfra(await before()), packageInfra(await after())];
    return old === null || now === null || old !== now;
  }
  const isPytest = pytestSection[name];
  if (isPytest === undefined) return false;
  return touchesPytestSection(lines, isPytest, await before(), await after());
}

/**
 * The test-infrastructure paths a patch adds, changes, deletes or renames: `conftest.py` anywhere,
 * pytest's settings (pytest.ini and the pytest sections of pyproject.toml, tox.ini and setup.cfg),
 * `sitecustomize.py`, `usercustomize.py` and `*.pth`, vitest/vite/jest/mocha config files, and
 * package.json when its `test` script or its `jest`/`mocha` keys change; and a module new at base_commit
 * that would shadow one pytest imports before the judge's plugin (`pytest.py`, `src/fnmatch.py`) on
 * one of `pythonRoots` (the checkout's directories on Python's path; '' is the root). Without
 * `contents`, a change to package.json, to a shared config file whose section a hunk does not show, or
 * to such a module counts.
 */
export async function testInfraPaths(
  patch: string,
  contents?: InfraContents,
  pythonRoots: string[] = [],
): Promise<string[]> {
  const found = new Set<string>();
  for (const lines of sections(patch)) {
    const change = fileChanges(lines.join('\n'))[0];
    if (change === undefined) continue;
    for (const path of [change.oldPath, change.newPath]) {
      if (path !== null && !found.has(path) && (await isInfra(path, lines, contents, pythonRoots))) {
        found.add(path);
      }
    }
  }
  return [...found];
}

/** Whether `testInfraPaths` needs files' text to decide on this patch (package.json, shared configs, modules). */
export function infraNeedsContent(patch: string, pythonRoots: string[] = []): boolean {
  const paths = fileChanges(patch).flatMap(({ oldPath, newPath }) => [oldPath, newPath]);
  return paths.some(
    (path) =>
      path !== null &&
      (basename(path) === 'package.json' ||
        basename(path) in pytestSection ||
        shadowingModule(path, pythonRoots) !== undefined),
  );
}
