import { parse as parseToml } from 'smol-toml';

/**
 * What of a manifest file can change the environment built from it. Descriptions, classifiers, URLs,
 * release versions and the settings of linters, formatters and coverage tools are left out, so a commit
 * that only edits those keeps its manifest digest and reuses the environment and recipe of its parent.
 * Unknown keys and sections count: leaving out too little only costs a rebuild.
 */

/** Keys of pyproject's `[project]` and setup.cfg's `[metadata]` that nothing installs or runs. */
const DESCRIPTIVE = new Set([
  'author',
  'author_email',
  'authors',
  'classifiers',
  'description',
  'description_file',
  'download_url',
  'keywords',
  'license',
  'license_file',
  'license_files',
  'license-files',
  'long_description',
  'long_description_content_type',
  'maintainer',
  'maintainer_email',
  'maintainers',
  'platforms',
  'project_urls',
  'readme',
  'url',
  'urls',
  'version',
]);

/** Tools whose settings only lint, format, type-check, measure coverage, document or release. */
const TOOL_SETTINGS = new Set([
  'black',
  'bumpversion',
  'check-manifest',
  'codespell',
  'commitizen',
  'coverage',
  'docformatter',
  'flake8',
  'interrogate',
  'isort',
  'mypy',
  'pycodestyle',
  'pydocstyle',
  'pylint',
  'pyright',
  'ruff',
  'semantic_release',
  'tbump',
  'towncrier',
  'typos',
]);

/** package.json keys that describe or publish the package, or configure linters and formatters. */
const PACKAGE_DESCRIPTIVE = new Set([
  'author',
  'bugs',
  'contributors',
  'description',
  'eslintConfig',
  'files',
  'funding',
  'homepage',
  'keywords',
  'license',
  'prettier',
  'publishConfig',
  'repository',
  'stylelint',
  'version',
]);

/** INI section names (setup.cfg, tox.ini) of the tools above: `[flake8]`, `[tool:isort]`, `[coverage:run]`, `[mypy-x]`. */
function isToolSection(name: string): boolean {
  const tool = name.replace(/^tool:/, '').split(/[:.-]/)[0] ?? '';
  return TOOL_SETTINGS.has(tool) || TOOL_SETTINGS.has(name.replace(/^tool:/, ''));
}

function withoutKeys(value: unknown, drop: (key: string) => boolean): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value).filter(([key]) => !drop(key)));
}

/** JSON with object keys sorted, so reordering a table changes nothing. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    typeof inner === 'object' && inner !== null && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : inner,
  );
}

function pyprojectRelevance(text: string): string {
  const doc = parseToml(text) as Record<string, unknown>;
  const tool = withoutKeys(doc.tool, (name) => TOOL_SETTINGS.has(name));
  return canonical({
    ...doc,
    project: withoutKeys(doc.project, (key) => DESCRIPTIVE.has(key)),
    ...(tool === undefined ? {} : { tool }),
  });
}

function packageJsonRelevance(text: string): string {
  return canonical(withoutKeys(JSON.parse(text), (key) => PACKAGE_DESCRIPTIVE.has(key)));
}

/** INI text without comments, blank lines, tool sections and `[metadata]`'s descriptive keys. */
function iniRelevance(text: string): string {
  const kept: string[] = [];
  let section = '';
  let skipping = false;
  let inDescriptiveKey = false;
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\s+$/, '');
    if (line.trim() === '' || /^\s*[#;]/.test(line)) continue;
    const header = /^\[([^\]]+)\]$/.exec(line);
    if (header) {
      section = header[1]!.trim();
      skipping = isToolSection(section);
      inDescriptiveKey = false;
      if (!skipping) kept.push(`[${section}]`);
      continue;
    }
    if (skipping) continue;
    const key = /^([\w.-]+)\s*[=:]/.exec(line)?.[1];
    if (key !== undefined) inDescriptiveKey = section === 'metadata' && DESCRIPTIVE.has(key);
    if (!inDescriptiveKey) kept.push(line);
  }
  return kept.join('\n');
}

const READERS: Record<string, (text: string) => string> = {
  'pyproject.toml': pyprojectRelevance,
  'package.json': packageJsonRelevance,
  'setup.cfg': iniRelevance,
  'tox.ini': iniRelevance,
};

/**
 * The part of `file` (a path relative to the repository root) that the manifest digest covers: all of it,
 * byte for byte, for files without a reader (setup.py, lockfiles, requirement files) and for ones that do
 * not parse, whose build will say what is wrong.
 */
export function manifestRelevance<T extends string | Buffer>(file: string, content: T): string | T {
  const reader = READERS[file.split('/').pop() ?? file];
  if (!reader) return content;
  try {
    return reader(content.toString());
  } catch {
    return content;
  }
}
