/** The paths one file section of a diff names: before (null when created) and after (null when deleted). */
export interface FileChange {
  oldPath: string | null;
  newPath: string | null;
}

const escapes: Record<string, number> = { a: 7, b: 8, t: 9, n: 10, v: 11, f: 12, r: 13, '"': 34, '\\': 92 };

/** Undoes git's C-style quoting of a path (`"t\303\251st.py"`); unquoted text passes through. */
export function unquotePath(text: string): string {
  if (!(text.length >= 2 && text.startsWith('"') && text.endsWith('"'))) return text;
  const chars = Array.from(text.slice(1, -1));
  const bytes: number[] = [];
  for (let i = 0; i < chars.length; i += 1) {
    if (chars[i] !== '\\') {
      bytes.push(...Buffer.from(chars[i]!, 'utf8'));
      continue;
    }
    const next = chars[i + 1] ?? '\\';
    const digits = chars.slice(i + 1, i + 4).join('');
    const octal = /^[0-7]{3}$/.test(digits);
    bytes.push(octal ? parseInt(digits, 8) : (escapes[next] ?? next.charCodeAt(0)));
    i += octal ? 3 : 1;
  }
  return Buffer.from(bytes).toString('utf8');
}

/** A path with its first component stripped, as `-p1` does; null for /dev/null. */
function stripPrefix(name: string): string | null {
  if (name === '/dev/null') return null;
  const slash = name.indexOf('/');
  return slash === -1 ? name : name.slice(slash + 1);
}

/** The name on a `---`/`+++` line: quoted, or up to a tab (git and diff put one before a timestamp). */
function headerPath(text: string): string | null {
  const quoted = /^"(?:[^"\\]|\\.)*"/.exec(text)?.[0];
  return stripPrefix(quoted !== undefined ? unquotePath(quoted) : text.split('\t')[0]!.trimEnd());
}

/** Both names of a `diff --git A B` line: quoted names, or two halves that agree past their prefixes. */
function gitLinePaths(rest: string): [string | null, string | null] {
  const quoted = /^("(?:[^"\\]|\\.)*"|\S+) ("(?:[^"\\]|\\.)*"|\S+)$/.exec(rest);
  if (quoted) return [stripPrefix(unquotePath(quoted[1]!)), stripPrefix(unquotePath(quoted[2]!))];
  const half = (rest.length - 1) / 2;
  const same = rest[half] === ' ' && rest.slice(2, half) === rest.slice(half + 3);
  const [a, b] = same ? [rest.slice(0, half), rest.slice(half + 1)] : [rest, rest];
  return [stripPrefix(a), stripPrefix(b)];
}

/** The index of a hunk's last line: its header's line counts say how far it runs. */
function hunkEnd(lines: string[], header: number): number {
  const counts = /^@@ -\d+(?:,(\d+))? \+\d+(?:,(\d+))? @@/.exec(lines[header]!);
  let oldLeft = Number(counts?.[1] ?? 1);
  let newLeft = Number(counts?.[2] ?? 1);
  let at = header;
  while ((oldLeft > 0 || newLeft > 0) && at + 1 < lines.length) {
    const kind = lines[(at += 1)]![0];
    if (kind === '\\') continue;
    if (kind !== '+') oldLeft -= 1;
    if (kind !== '-') newLeft -= 1;
  }
  return at;
}

/** Applies one extended header line (rename, copy, creation, deletion) to the current file change. */
function applyHeader(change: FileChange, line: string): void {
  const header = /^(rename|copy) (from|to) (.+)$/.exec(line);
  if (header) change[header[2] === 'from' ? 'oldPath' : 'newPath'] = unquotePath(header[3]!);
  else if (line.startsWith('new file mode')) change.oldPath = null;
  else if (line.startsWith('deleted file mode')) change.newPath = null;
}

/** A file section being read: `named` once its ---/+++ lines were seen (a plain diff's next file starts there). */
interface Section extends FileChange {
  named: boolean;
}

/** The files a unified diff (git or plain) changes, in order; hunk bodies are skipped, never parsed. */
export function fileChanges(patch: string): FileChange[] {
  const lines = patch.split('\n').map((line) => line.replace(/\r$/, ''));
  const sections: Section[] = [];
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i]!;
    const current = sections.at(-1);
    if (line.startsWith('diff --git ')) {
      const [oldPath, newPath] = gitLinePaths(line.slice('diff --git '.length));
      sections.push({ oldPath, newPath, named: false });
    } else if (line.startsWith('--- ') && lines[i + 1]?.startsWith('+++ ')) {
      const named = {
        oldPath: headerPath(line.slice(4)),
        newPath: headerPath(lines[i + 1]!.slice(4)),
        named: true,
      };
      if (current === undefined || current.named) sections.push(named);
      else Object.assign(current, named);
      i += 1;
    } else if (line.startsWith('@@ ')) i = hunkEnd(lines, i);
    else if (current !== undefined) applyHeader(current, line);
  }
  return sections.map(({ oldPath, newPath }) => ({ oldPath, newPath }));
}

/** Every path a diff touches, old and new names, created and deleted files included. */
export function touchedPaths(patch: string): string[] {
  const paths = fileChanges(patch).flatMap(({ oldPath, newPath }) => [oldPath, newPath]);
  return [...new Set(paths.filter((path): path is string => path !== null))];
}

/** Extensions SWE-bench never passes to the test command (data and docs touched by a test patch). */
const nonTestExtensions = [
  '.json',
  '.png',
  'csv',
  '.txt',
  '.md',
  '.jpg',
  '.jpeg',
  '.pkl',
  '.yml',
  '.yaml',
  '.toml',
];

/** The test files to run for a test patch: files that exist after it, minus data and docs. */
export function testsToRun(testPatch: string): string[] {
  const paths = fileChanges(testPatch).map(({ newPath }) => newPath);
  const kept = paths.filter((path): path is string => path !== null);
  return [...new Set(kept.filter((path) => !nonTestExtensions.some((ext) => path.endsWith(ext))))];
}
