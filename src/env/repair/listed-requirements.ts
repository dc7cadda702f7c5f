import { parse as parseToml } from 'smol-toml';
import type { EnvSpec } from '../../schema/env.js';
import { shellWords } from '../detect/shell-words.js';
import { isPipInstall, requirementFiles, requirementName } from './pip-edit.js';
import type { CheckoutFiles } from './rule.js';

type Table = Record<string, unknown>;
const table = (value: unknown): Table =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Table) : {};
const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];

/** Requirements of pyproject.toml: dependencies, extras and dependency groups. */
function pyprojectRequirements(text: string): string[] {
  try {
    const pyproject = parseToml(text) as Table;
    const project = table(pyproject.project);
    return [
      ...strings(project.dependencies),
      ...Object.values(table(project['optional-dependencies'])).flatMap(strings),
      ...Object.values(table(pyproject['dependency-groups'])).flatMap(strings),
    ];
  } catch {
    return [];
  }
}

/**
 * The names of the requirements a spec installs or could: its requirement files' lines, the loose
 * requirements of its pip lines, and the project's own pyproject.toml and setup.cfg lists.
 */
export async function listedRequirements(spec: EnvSpec, files: CheckoutFiles): Promise<string[]> {
  const lines: string[] = [];
  for (const file of requirementFiles(spec)) lines.push(...((await files.read(file)) ?? '').split('\n'));
  for (const line of spec.install.filter(isPipInstall)) {
    const words = shellWords(line);
    const loose = words.slice(words.indexOf('install') + 1);
    lines.push(...loose.filter((word) => !word.startsWith('-') && !word.includes('$')));
  }
  lines.push(...pyprojectRequirements((await files.read('pyproject.toml')) ?? ''));
  lines.push(...((await files.read('setup.cfg')) ?? '').split('\n').filter((line) => /^\s+\S/.test(line)));
  const names = lines.map((line) => line.trim()).filter((line) => line && !line.startsWith('#'));
  return [...new Set(names.map(requirementName))];
}
