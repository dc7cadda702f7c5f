import type { EnvSpec } from '../../schema/env.js';
import { shellWords } from '../detect/shell-words.js';
import { shellQuote } from '../shell.js';

/** Whether an install line runs `pip install`. */
export function isPipInstall(line: string): boolean {
  return /\bpip3? install\b/.test(line);
}

/** The Python a spec installs into: the venv when it has one. */
export function specPython(spec: EnvSpec): string {
  return spec.install.some((line) => line.includes('venv/bin/')) ? 'venv/bin/python' : 'python3';
}

/** `<python> -m pip install <requirements>`, each requirement shell-quoted. */
export function pipInstallLine(spec: EnvSpec, requirements: readonly string[]): string {
  return `${specPython(spec)} -m pip install ${requirements.map(shellQuote).join(' ')}`;
}

/** A distribution name as pip compares it (PEP 503). */
export function normalizeName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

/** The distribution a requirement names (`flake8==3.9` → `flake8`, `Foo[bar]>=1; os_name=="nt"` → `Foo`). */
export function requirementName(requirement: string): string {
  return /^\s*([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(requirement)?.[1] ?? requirement.trim();
}

/** The requirement files (`-r FILE`, `--requirement FILE`) the spec's pip install lines name. */
export function requirementFiles(spec: EnvSpec): string[] {
  const files = spec.install.filter(isPipInstall).flatMap((line) => {
    const words = shellWords(line);
    return words.flatMap((word, i) =>
      (word === '-r' || word === '--requirement') && words[i + 1] ? [words[i + 1] as string] : [],
    );
  });
  return [...new Set(files)];
}

/** The spec with `lines` inserted before its first pip install line (at the end when it has none). */
export function beforeFirstPip(spec: EnvSpec, lines: readonly string[]): EnvSpec {
  const at = spec.install.findIndex(isPipInstall);
  const install = [...spec.install];
  install.splice(at < 0 ? install.length : at, 0, ...lines);
  return { ...spec, install };
}
