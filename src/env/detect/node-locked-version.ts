import { readIfExists } from './manifest.js';

/** package-lock.json: `packages["node_modules/<name>"]` (v2, v3) or `dependencies[<name>]` (v1). */
function npmLocked(text: string, name: string): string | undefined {
  try {
    const lock = JSON.parse(text) as {
      packages?: Record<string, { version?: string }>;
      dependencies?: Record<string, { version?: string }>;
    };
    return lock.packages?.[`node_modules/${name}`]?.version ?? lock.dependencies?.[name]?.version;
  } catch {
    return undefined;
  }
}

/** yarn.lock (classic and berry): the `version` under the entry whose header names `<name>@…`. */
function yarnLocked(text: string, name: string): string | undefined {
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i] ?? '';
    if (/^\s/.test(line) || !line.endsWith(':')) continue;
    const specs = line
      .slice(0, -1)
      .split(',')
      .map((spec) => spec.trim().replace(/^"|"$/g, ''));
    if (!specs.some((spec) => spec.startsWith(`${name}@`))) continue;
    for (let j = i + 1; j < lines.length && /^\s/.test(lines[j] ?? ''); j += 1) {
      const version = /^\s+version:?\s+"?([^"\s]+)"?\s*$/.exec(lines[j] ?? '')?.[1];
      if (version !== undefined) return version;
    }
  }
  return undefined;
}

/** pnpm-lock.yaml: a package key `/<name>/1.2.3` (format 5), `/<name>@1.2.3` (6) or `<name>@1.2.3` (9). */
function pnpmLocked(text: string, name: string): string | undefined {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^\\s+'?/?${escaped}[@/](\\d+\\.\\d+\\.\\d+[^:'(\\s]*)`, 'm').exec(text)?.[1];
}

const readers: Record<string, (text: string, name: string) => string | undefined> = {
  'package-lock.json': npmLocked,
  'npm-shrinkwrap.json': npmLocked,
  'yarn.lock': yarnLocked,
  'pnpm-lock.yaml': pnpmLocked,
};

/**
 * The major version of dependency `name` the install will give: the one the lockfile pins, else the
 * lowest the package.json range names (`^19.0.2` → 19); undefined when neither says.
 */
export async function installedMajor(
  repoDir: string,
  lockfiles: string[],
  name: string,
  range: string | undefined,
): Promise<number | undefined> {
  for (const file of lockfiles) {
    const read = readers[file];
    const text = read && (await readIfExists(repoDir, file));
    const version = text === undefined ? undefined : read?.(text, name);
    if (version !== undefined) return Number(version.split('.')[0]);
  }
  const major = /^[\^~>=v\s]*(\d+)/.exec(range ?? '')?.[1];
  return major === undefined ? undefined : Number(major);
}
