import { shellQuote } from '../../harness/shell.js';
import { parseGitDiff, type FileDiff, type Hunk } from './unified-diff.js';

/** One tool call of a replayed patch. */
export interface EditCall {
  name: 'str_replace_editor' | 'execute_bash' | 'finish';
  args: Record<string, unknown>;
}

function count(text: string, needle: string): number {
  let n = 0;
  for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + 1)) n++;
  return n;
}

/** Where `needle` (lines) starts in `lines`, searching outward from `hint`; -1 when absent. */
function locate(lines: string[], needle: string[], hint: number): number {
  const matches = (at: number) => needle.every((line, i) => lines[at + i] === line);
  for (let d = 0; d < lines.length; d++) {
    if (hint - d >= 0 && matches(hint - d)) return hint - d;
    if (hint + d < lines.length && matches(hint + d)) return hint + d;
  }
  return -1;
}

/**
 * The str_replace that replays one hunk on `text`: the hunk's old lines, grown by a line of context on
 * each side until they occur exactly once; the final newline is included only when the hunk changes it.
 * Null when the hunk does not match the text.
 */
function replaceFor(text: string, hunk: Hunk, offset: number): { oldStr: string; newStr: string } | null {
  const lines = text.split('\n');
  const start = locate(lines, hunk.before, hunk.oldStart - 1 + offset);
  if (start === -1 || hunk.before.length === 0) return null;
  const end = start + hunk.before.length;
  const eolChanges = hunk.beforeNoEol !== hunk.afterNoEol;
  const suffix = (noEol: boolean, tail: string[]) => (eolChanges && tail.length === 0 && !noEol ? '\n' : '');
  for (let grow = 0; ; grow++) {
    const [from, to] = [Math.max(0, start - grow), Math.min(lines.length, end + grow)];
    const [head, tail] = [lines.slice(from, start), lines.slice(end, to)];
    const oldStr = [...head, ...hunk.before, ...tail].join('\n') + suffix(hunk.beforeNoEol, tail);
    const newStr = [...head, ...hunk.after, ...tail].join('\n') + suffix(hunk.afterNoEol, tail);
    if (count(text, oldStr) === 1) return { oldStr, newStr };
    if (from === 0 && to === lines.length) return null;
  }
}

function modifyCalls(path: string, base: string, diff: FileDiff): EditCall[] | null {
  let text = base;
  let offset = 0;
  const calls: EditCall[] = [];
  for (const hunk of diff.hunks) {
    const edit = replaceFor(text, hunk, offset);
    if (edit === null) return null;
    text = text.replace(edit.oldStr, () => edit.newStr);
    offset += hunk.after.length - hunk.before.length;
    calls.push({
      name: 'str_replace_editor',
      args: { command: 'str_replace', path, old_str: edit.oldStr, new_str: edit.newStr },
    });
  }
  return calls;
}

function gitApplyCall(workdir: string, section: string): EditCall {
  const body = section.endsWith('\n') ? section : `${section}\n`;
  return {
    name: 'execute_bash',
    args: {
      command: `cd ${shellQuote(workdir)} && git apply --binary <<'LF_GOLD_PATCH'\n${body}LF_GOLD_PATCH`,
    },
  };
}

/**
 * The tool calls that replay `patch` in `workdir` through the agent's tools: a `create` per new file, a
 * `str_replace` per hunk of a changed file, `rm` per deleted file, and `git apply` for what the editor
 * cannot express (binary data, renames, mode changes, hunks that do not match). `readBase` gives the
 * base text of a changed file.
 */
export async function goldEditCalls(
  patch: string,
  workdir: string,
  readBase: (path: string) => Promise<string | null>,
): Promise<EditCall[]> {
  const calls: EditCall[] = [];
  for (const diff of parseGitDiff(patch)) {
    const path = `${workdir}/${diff.newPath ?? diff.oldPath}`;
    if (diff.special) calls.push(gitApplyCall(workdir, diff.text));
    else if (diff.oldPath === null) {
      const hunk = diff.hunks[0];
      const text = (hunk?.after.join('\n') ?? '') + (hunk && !hunk.afterNoEol ? '\n' : '');
      calls.push({ name: 'str_replace_editor', args: { command: 'create', path, file_text: text } });
    } else if (diff.newPath === null)
      calls.push({ name: 'execute_bash', args: { command: `rm -- ${shellQuote(path)}` } });
    else {
      const base = await readBase(path);
      const edits = base === null ? null : modifyCalls(path, base, diff);
      calls.push(...(edits ?? [gitApplyCall(workdir, diff.text)]));
    }
  }
  return calls;
}
