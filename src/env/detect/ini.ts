/** What `[testenv] deps` of a tox.ini asks for. */
export interface ToxDeps {
  requirements: string[];
  requirementFiles: string[];
  /** `[testenv] extras`: the project's own extras tox installs it with. */
  extras: string[];
}

function iniSection(text: string, name: string): string {
  const escaped = name.replace(/[.[\]]/g, '\\$&');
  return new RegExp(`^\\[${escaped}\\]\\s*$([\\s\\S]*?)(?=^\\[|(?![\\s\\S]))`, 'm').exec(text)?.[1] ?? '';
}

/** The lines of a (possibly continued) INI value, comments and blank lines left out. */
export function iniValue(text: string, section: string, key: string): string[] {
  const value =
    new RegExp(`^${key}\\s*=([^\\n]*(?:\\n[ \\t]+[^\\n]*)*)`, 'm').exec(iniSection(text, section))?.[1] ?? '';
  return value
    .split('\n')
    .map((line) => line.replace(/\s+#.*$/, '').trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}

/**
 * Plain requirements and `-r` files of `[testenv] deps`, and its `extras` (with those of a `.[x]` entry);
 * entries with tox substitutions (`{...}`) or factor conditions (`py38: x`) are left out, since they only
 * make sense inside tox.
 */
export function toxDeps(text: string): ToxDeps {
  const extras = iniValue(text, 'testenv', 'extras')
    .flatMap((line) => line.split(','))
    .map((extra) => extra.trim())
    .filter((extra) => /^[\w.-]+$/.test(extra));
  const deps: ToxDeps = { requirements: [], requirementFiles: [], extras };
  for (const entry of iniValue(text, 'testenv', 'deps')) {
    if (entry.includes('{') || /^[\w,!-]+:\s/.test(entry)) continue;
    const file = /^-r\s*(\S+)$/.exec(entry)?.[1];
    // `.[test]` is the project itself: tox installs it with those extras (as a requirement it would be a
    // second copy of the project beside the snapshot, and pip refuses the pair)
    const self = /^(?:-e\s*)?\.(?:\[([^\]]*)\])?$/.exec(entry);
    if (self) deps.extras.push(...(self[1]?.split(',').map((extra) => extra.trim()) ?? []));
    else if (file) deps.requirementFiles.push(file);
    else if (!entry.startsWith('-')) deps.requirements.push(entry);
  }
  return deps;
}

/** The keys of an INI section, e.g. setup.cfg's `[options.extras_require]`. */
export function iniKeys(text: string, section: string): string[] {
  return [...iniSection(text, section).matchAll(/^([\w.-]+)\s*=/gm)].map((match) => match[1] ?? '');
}

/** `[testenv] setenv` as variables; entries with tox substitutions or factor conditions are left out. */
export function toxSetenv(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const entry of iniValue(text, 'testenv', 'setenv')) {
    const match = /^([A-Za-z_]\w*)\s*=\s*(.*)$/.exec(entry);
    if (match && !/[{}$]/.test(match[2] ?? '')) env[match[1] ?? ''] = match[2] ?? '';
  }
  return env;
}
