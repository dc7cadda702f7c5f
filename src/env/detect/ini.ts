/** What `[testenv] deps` of a tox.ini asks for. */
export interface ToxDeps {
  requirements: string[];
  requirementFiles: string[];
}

function iniSection(text: string, name: string): string {
  const escaped = name.replace(/[.[\]]/g, '\\$&');
  return new RegExp(`^\\[${escaped}\\]\\s*$([\\s\\S]*?)(?=^\\[|(?![\\s\\S]))`, 'm').exec(text)?.[1] ?? '';
}

function depsEntries(section: string): string[] {
  const value = /^deps\s*=([^\n]*(?:\n[ \t]+[^\n]*)*)/m.exec(section)?.[1] ?? '';
  return value
    .split('\n')
    .map((line) => line.replace(/\s+#.*$/, '').trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}

/**
 * Plain requirements and `-r` files of `[testenv] deps`; entries with tox substitutions (`{...}`) or
 * factor conditions (`py38: x`) are left out, since they only make sense inside tox.
 */
export function toxDeps(text: string): ToxDeps {
  const deps: ToxDeps = { requirements: [], requirementFiles: [] };
  for (const entry of depsEntries(iniSection(text, 'testenv'))) {
    if (entry.includes('{') || /^[\w,!-]+:\s/.test(entry)) continue;
    const file = /^-r\s*(\S+)$/.exec(entry)?.[1];
    if (file) deps.requirementFiles.push(file);
    else if (!entry.startsWith('-')) deps.requirements.push(entry);
  }
  return deps;
}

/** The keys of an INI section, e.g. setup.cfg's `[options.extras_require]`. */
export function iniKeys(text: string, section: string): string[] {
  return [...iniSection(text, section).matchAll(/^([\w.-]+)\s*=/gm)].map((match) => match[1] ?? '');
}
