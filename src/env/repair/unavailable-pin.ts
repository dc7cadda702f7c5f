import type { EnvSpec } from '../../schema/env.js';
import { shellWords } from '../detect/shell-words.js';
import { shellQuote } from '../shell.js';
import { SNAPSHOT_VAR } from '../snapshot.js';
import { devToolPrefixes, devTools } from './dev-tools.js';
import {
  beforeFirstPip,
  isPipInstall,
  normalizeName,
  requirementFiles,
  requirementName,
} from './pip-edit.js';
import { listedRequirements } from './listed-requirements.js';
import { projectName } from './project-name.js';
import type { CheckoutFiles, RepairRule } from './rule.js';
import { testImports, testsNeed } from './test-imports.js';

/** pip's line when the requirement that failed was a build dependency (the build-backend-pin rule's). */
export const BUILD_DEPENDENCIES = /to install build dependencies did not run successfully/;

/** Whether a distribution is a dev tool (linter, formatter, type checker, docs or release tool). */
export function isDevTool(name: string): boolean {
  const normal = normalizeName(name);
  return devTools.has(normal) || devToolPrefixes.some((prefix) => normal.startsWith(prefix));
}

/** A basic regular expression (sed -E) matching the name as pip would: any case, `-`, `_`, `.` alike. */
function namePattern(name: string): string {
  return normalizeName(name)
    .split('-')
    .map((part) => part.replace(/[^a-z0-9]/g, ''))
    .join('[-_.]+');
}

function relaxLine(name: string, file: string): string {
  return `sed -i -E ${shellQuote(`s/^(${namePattern(name)}(\\[[^]]*\\])?)[[:space:]]*[<>=!~][^;#]*/\\1 /I`)} ${shellQuote(file)}`;
}

function dropLine(name: string, file: string): string {
  return `sed -i -E ${shellQuote(`/^${namePattern(name)}([^-_.a-z0-9]|$)/Id`)} ${shellQuote(file)}`;
}

/** The project's own metadata, where extras and dependencies are quoted strings (pyproject.toml) or indented lines (setup.cfg). */
const METADATA = {
  'pyproject.toml': {
    lists: (pattern: string) => new RegExp(`["']${pattern}(\\[[^\\]]*\\])?\\s*([<>=!~;][^"']*)?["']`, 'i'),
    relax: (pattern: string) => `s/(["'])(${pattern}(\\[[^]]*\\])?)[[:space:]]*[<>=!~][^"';]*/\\1\\2/I`,
    // only an array's element (after `[`, `,` or alone on its line), so `mypy = "mypy"` stays a table entry
    drop: (pattern: string) => {
      const quoted = (q: string) => `${q}${pattern}(\\[[^]]*\\])?([[:space:]]*[<>=!~;][^${q}]*)?${q}`;
      return `s/(^|[[,])([[:space:]]*)(${quoted('"')}|${quoted("'")})[[:space:]]*(,|$|(\\]))/\\1\\2\\9/gI`;
    },
  },
  'setup.cfg': {
    lists: (pattern: string) => new RegExp(`^\\s+${pattern}(\\[[^\\]]*\\])?\\s*([<>=!~;].*)?$`, 'im'),
    relax: (pattern: string) => `s/^([[:space:]]+${pattern}(\\[[^]]*\\])?)[[:space:]]*[<>=!~][^;#]*/\\1 /I`,
    drop: (pattern: string) => `/^[[:space:]]+${pattern}([^-_.a-z0-9]|$)/Id`,
  },
} as const;

/** `sed` lines that relax (or drop) `name` in the snapshot's own metadata, when the spec installs the project. */
async function metadataEdits(
  spec: EnvSpec,
  files: CheckoutFiles,
  name: string,
  pinned: boolean,
): Promise<string[]> {
  if (!spec.install.some((line) => isPipInstall(line) && line.includes(`$${SNAPSHOT_VAR}`))) return [];
  const pattern = namePattern(name);
  const edits: string[] = [];
  for (const [file, syntax] of Object.entries(METADATA)) {
    const text = await files.read(file);
    if (text === undefined || !syntax.lists(pattern).test(text)) continue;
    const script = pinned ? syntax.relax(pattern) : syntax.drop(pattern);
    edits.push(`sed -i -E ${shellQuote(script)} "$${SNAPSHOT_VAR}/${file}"`);
  }
  return edits;
}

/** The requirement files of the spec that list `name`. */
async function filesListing(spec: EnvSpec, files: CheckoutFiles, name: string): Promise<string[]> {
  const listing: string[] = [];
  for (const file of requirementFiles(spec)) {
    const text = (await files.read(file)) ?? '';
    const lines = text.split('\n').map((line) => line.trim());
    if (lines.some((line) => !line.startsWith('#') && sameName(requirementName(line), name)))
      listing.push(file);
  }
  return listing;
}

function sameName(a: string, b: string): boolean {
  return normalizeName(a) === normalizeName(b);
}

/** Each pip install line with its loose requirements naming `name` replaced (or dropped when `to` is empty). */
function editLooseRequirements(spec: EnvSpec, name: string, to: string): string[] {
  return spec.install.map((line) => {
    if (!isPipInstall(line)) return line;
    const tokens = line.split(' ').flatMap((token) => {
      const word = shellWords(token)[0] ?? '';
      if (token.startsWith('-') || token.includes('$') || !sameName(requirementName(word), name))
        return [token];
      return to ? [shellQuote(to)] : [];
    });
    return tokens.join(' ');
  });
}

/**
 * The requirement the spec lists that pulled in `name` (pip: `X (from pytest-benchmark)`); never the project
 * itself (`pympler; extra == "tests" (from attrs[tests])`), whose own list is where `name` is edited.
 */
async function requiringParent(
  spec: EnvSpec,
  files: CheckoutFiles,
  log: string,
  name: string,
): Promise<string | undefined> {
  const listed = await listedRequirements(spec, files);
  const own = await projectName(files);
  for (const match of log.matchAll(/satisfies the requirement (\S+)[^\n]*?\(from ([A-Za-z0-9][\w.-]*)/g)) {
    const parent = match[2] ?? '';
    if (own !== undefined && sameName(parent, own)) continue;
    if (sameName(requirementName(match[1] ?? ''), name) && listed.some((other) => sameName(other, parent)))
      return parent;
  }
  return undefined;
}

/** Whether pip found no release of `name` at all (`(from versions: none)`): relaxing its pin cannot help. */
function hasNoRelease(log: string, name: string): boolean {
  return [...log.matchAll(/satisfies the requirement (\S+)[^\n]*\(from versions: none\)/g)].some((match) =>
    sameName(requirementName(match[1] ?? ''), name),
  );
}

/** An absent dev tool with every dev tool listed beside it, less those the tests import. */
async function devToolsToDrop(
  spec: EnvSpec,
  files: CheckoutFiles,
  name: string,
  imports: Set<string> | undefined,
) {
  const listed = (await listedRequirements(spec, files)).filter(isDevTool);
  const others = listed.filter((other) => !sameName(other, name) && !testsNeed(imports, other));
  return [name, ...new Set(others)];
}

/** The spec with `name` relaxed to its bare name, or `names` dropped, everywhere the spec lists them. */
async function editRequirements(
  spec: EnvSpec,
  files: CheckoutFiles,
  names: readonly string[],
  pinned: boolean,
): Promise<EnvSpec | undefined> {
  const sed: string[] = [];
  let install = spec.install;
  for (const name of names) {
    const listing = await filesListing(spec, files, name);
    sed.push(...listing.map((file) => (pinned ? relaxLine(name, file) : dropLine(name, file))));
    sed.push(...(await metadataEdits(spec, files, name, pinned)));
    install = editLooseRequirements({ ...spec, install }, name, pinned ? name : '');
  }
  const edited = beforeFirstPip(
    { ...spec, install },
    sed.filter((line) => !spec.install.includes(line)),
  );
  return edited.install.join('\n') === spec.install.join('\n') ? undefined : edited;
}

/**
 * A requirement the index has no release of at its pin (`No matching distribution found for X==1.2`):
 * relax the pin to the bare name; when the bare name fails too and it is a dev tool (linter, formatter,
 * type checker, release tool), drop it. Requirements in requirement files are edited there with `sed`
 * before pip runs, and so are the project's own extras and dependencies in the snapshot's pyproject.toml
 * or setup.cfg; loose requirements on the pip command line are rewritten in place.
 */
export const unavailablePin: RepairRule = {
  summary: 'a requirement the index cannot satisfy at its pin: relax the pin, then drop it if a dev tool',
  phases: ['build'],
  match({ log }) {
    if (BUILD_DEPENDENCIES.test(log)) return undefined;
    for (const line of log.split('\n')) {
      const requirement = /No matching distribution found for (.+)$/.exec(line)?.[1]?.trim();
      if (requirement) return { line: line.trim(), subject: requirement };
    }
    return undefined;
  },
  async edit(spec, { subject }, { files, log }) {
    const failed = requirementName(subject);
    const parent = await requiringParent(spec, files, log, failed);
    const name = parent ?? failed;
    // pip names an extra's requirement with its marker: `twine; extra == "dev"`
    const pinned = !parent && /[<>=!~]/.test(subject.split(';')[0] ?? '') && !hasNoRelease(log, failed);
    const imports = await testImports(files);
    const needed = testsNeed(imports, name);
    if (pinned && (needed || !isDevTool(name))) return editRequirements(spec, files, [name], true);
    if (needed) return undefined;
    const names = isDevTool(name) ? await devToolsToDrop(spec, files, name, imports) : [name];
    return editRequirements(spec, files, names, false);
  },
};
