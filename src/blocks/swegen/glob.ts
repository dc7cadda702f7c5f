const REGEX_SPECIAL = /[.+^$()|[\]\\]/g;

/** The RegExp source of one glob character, given how many `{` groups are open. */
function charSource(char: string, openBraces: number): string {
  if (char === '*') return '[^/]*';
  if (char === '?') return '[^/]';
  if (char === '{') return '(?:';
  if (char === '}' && openBraces > 0) return ')';
  if (char === ',' && openBraces > 0) return '|';
  return char.replace(REGEX_SPECIAL, '\\$&');
}

/**
 * A glob over `/`-separated paths as a RegExp: `**` spans directories (`**∕x` also matches `x` at the
 * root), `*` and `?` stay within one segment, `{a,b}` is an alternative. A pattern without `/` matches a
 * file name in any directory, as in `.gitignore`.
 */
export function globToRegExp(glob: string): RegExp {
  const pattern = glob.includes('/') ? glob.replace(/^\//, '') : `**/${glob}`;
  let source = '';
  let openBraces = 0;
  for (let i = 0; i < pattern.length; i += 1) {
    if (pattern.startsWith('**/', i)) {
      source += '(?:.*/)?';
      i += 2;
    } else if (pattern.startsWith('**', i)) {
      source += '.*';
      i += 1;
    } else {
      const char = pattern[i]!;
      source += charSource(char, openBraces);
      if (char === '{') openBraces += 1;
      if (char === '}' && openBraces > 0) openBraces -= 1;
    }
  }
  return new RegExp(`^${source}$`);
}

/** A predicate matching a path against any of the globs. */
export function globMatcher(globs: readonly string[]): (path: string) => boolean {
  const patterns = globs.map(globToRegExp);
  return (path) => patterns.some((pattern) => pattern.test(path));
}
