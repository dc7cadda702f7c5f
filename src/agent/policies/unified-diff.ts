import { fileChanges, type FileChange } from '../../harness/diff-paths.js';

/** One hunk: its old start line (1-based), and the lines it covers before and after. */
export interface Hunk {
  oldStart: number;
  before: string[];
  after: string[];
  /** Whether the old / new side ends the file without a newline. */
  beforeNoEol: boolean;
  afterNoEol: boolean;
}

/** One file of a git diff: its paths, its hunks, and whether it is plain text the editor can replay. */
export interface FileDiff extends FileChange {
  /** The section's text, from its `diff --git` line. */
  text: string;
  hunks: Hunk[];
  /** Binary data, renames, copies or mode changes: things only `git apply` replays. */
  special: boolean;
}

function hunksOf(lines: string[]): Hunk[] {
  const hunks: Hunk[] = [];
  let last: '-' | '+' | ' ' = ' ';
  for (const line of lines) {
    const header = /^@@ -(\d+)(?:,\d+)? \+\d+(?:,\d+)? @@/.exec(line);
    const hunk = hunks.at(-1);
    if (header)
      hunks.push({
        oldStart: Number(header[1]),
        before: [],
        after: [],
        beforeNoEol: false,
        afterNoEol: false,
      });
    else if (!hunk) continue;
    else if (line.startsWith('\\')) {
      if (last !== '+') hunk.beforeNoEol = true;
      if (last !== '-') hunk.afterNoEol = true;
    } else if (line[0] === '-' || line[0] === '+' || line[0] === ' ') {
      last = line[0];
      if (last !== '+') hunk.before.push(line.slice(1));
      if (last !== '-') hunk.after.push(line.slice(1));
    }
  }
  return hunks;
}

/** Splits a git diff into its files, with their hunks. */
export function parseGitDiff(patch: string): FileDiff[] {
  const sections = patch.split(/^(?=diff --git )/m).filter((section) => section.startsWith('diff --git '));
  return sections.map((text) => {
    const [change] = fileChanges(text);
    const lines = text.split('\n');
    const special = lines.some((line) =>
      /^(GIT binary patch|Binary files |rename from |copy from |old mode |new mode )/.test(line),
    );
    return {
      oldPath: change?.oldPath ?? null,
      newPath: change?.newPath ?? null,
      text,
      hunks: hunksOf(lines),
      special,
    };
  });
}
