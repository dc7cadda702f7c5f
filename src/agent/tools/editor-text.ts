/** Lines shown around an edit in the editor's reply. */
const snippetContext = 4;
/** The longest editor reply before it is clipped. */
export const maxEditorReplyChars = 16_000;

/** `text` numbered like `cat -n`, its first line being number `first`. */
export function numbered(text: string, first = 1): string {
  return text
    .split('\n')
    .map((line, i) => `${String(i + first).padStart(6)}\t${line}`)
    .join('\n');
}

/** Clips a long reply, saying so. */
export function clip(text: string): string {
  if (text.length <= maxEditorReplyChars) return text;
  return (
    `${text.slice(0, maxEditorReplyChars)}\n<response clipped><NOTE>Only part of this output is shown. ` +
    'Use `view` with `view_range`, or grep -n in the shell, to see the rest.</NOTE>'
  );
}

/** The lines around line `at` (1-based) of `text`, after an edit that now spans `span` lines, numbered. */
export function snippet(text: string, at: number, span: number): string {
  const lines = text.split('\n');
  const start = Math.max(1, at - snippetContext);
  const end = Math.min(lines.length, at + span - 1 + snippetContext);
  return numbered(lines.slice(start - 1, end).join('\n'), start);
}

/** The 1-based line numbers where `needle` starts in `text`. */
export function occurrenceLines(text: string, needle: string): number[] {
  const lines: number[] = [];
  for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + 1))
    lines.push(text.slice(0, at).split('\n').length);
  return lines;
}

/** The part of `text` a `view_range` selects, or why the range is invalid. */
export function viewRange(
  text: string,
  range: number[],
): { first: number; text: string } | { error: string } {
  const lines = text.split('\n');
  const [start, end] = range;
  if (range.length !== 2 || start === undefined || end === undefined)
    return { error: 'it must hold exactly two numbers, [start, end]' };
  if (start < 1 || start > lines.length)
    return { error: `its start ${start} must be between 1 and the number of lines, ${lines.length}` };
  if (end !== -1 && (end < start || end > lines.length))
    return { error: `its end ${end} must be -1 or between the start ${start} and ${lines.length}` };
  return { first: start, text: lines.slice(start - 1, end === -1 ? undefined : end).join('\n') };
}

/** `text` with `insertion` placed after line `after` (0 = at the top), or why that line is invalid. */
export function insertAfter(
  text: string,
  after: number,
  insertion: string,
): { text: string } | { error: string } {
  const lines = text.split('\n');
  if (after < 0 || after > lines.length)
    return { error: `insert_line ${after} must be between 0 and the number of lines, ${lines.length}` };
  return { text: [...lines.slice(0, after), ...insertion.split('\n'), ...lines.slice(after)].join('\n') };
}
