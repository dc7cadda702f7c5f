import type { Node } from 'web-tree-sitter';

/** Replace `text[start, end)` (UTF-16 string indices, as tree-sitter gives them) with `text`. */
export interface Edit {
  start: number;
  end: number;
  text: string;
}

/** Applies non-overlapping edits with string slices, so everything outside them stays exactly as it was. */
export function applyEdits(source: string, edits: Edit[]): string {
  const sorted = [...edits].sort((a, b) => a.start - b.start);
  let out = '';
  let at = 0;
  for (const edit of sorted) {
    if (edit.start < at) throw new Error(`overlapping edits at ${edit.start}`);
    out += source.slice(at, edit.start) + edit.text;
    at = edit.end;
  }
  return out + source.slice(at);
}

/** The index where the line holding `index` starts. */
export function lineStart(text: string, index: number): number {
  return text.lastIndexOf('\n', index - 1) + 1;
}

/** The index just past the newline ending the line holding `index` (or the text's end). */
export function lineEnd(text: string, index: number): number {
  const newline = text.indexOf('\n', index);
  return newline === -1 ? text.length : newline + 1;
}

/** The whitespace before `index` on its line, when only whitespace precedes it; otherwise null. */
export function indentBefore(text: string, index: number): string | null {
  const prefix = text.slice(lineStart(text, index), index);
  return /^[ \t]*$/.test(prefix) ? prefix : null;
}

/** The leading whitespace of the line holding `index`. */
export function lineIndent(text: string, index: number): string {
  return /^[ \t]*/.exec(text.slice(lineStart(text, index)))![0];
}

/** The range of the whole lines a node occupies, when nothing else shares them; otherwise null. */
export function wholeLines(text: string, node: Node): { start: number; end: number } | null {
  if (indentBefore(text, node.startIndex) === null) return null;
  const end = lineEnd(text, node.endIndex);
  if (text.slice(node.endIndex, end).trim() !== '') return null;
  return { start: lineStart(text, node.startIndex), end };
}

/** `lines` with `count` leading indentation characters taken off every line that has them. */
export function dedent(lines: string, count: number): string {
  if (count <= 0) return lines;
  const prefix = new RegExp(`^[ \\t]{1,${count}}`, 'gm');
  return lines.replace(prefix, '');
}

/** Edits swapping the texts of `slots` by `order` (slot i gets the text of slot order[i]). */
export function permuteEdits(text: string, slots: Node[], order: number[]): Edit[] {
  return slots.map((slot, i) => ({
    start: slot.startIndex,
    end: slot.endIndex,
    text: text.slice(slots[order[i]!]!.startIndex, slots[order[i]!]!.endIndex),
  }));
}
