import type { Node } from 'web-tree-sitter';
import { dialectOf } from '../parse/dialects.js';
import { inventory } from '../parse/inventory.js';
import { parseSource } from '../parse/languages.js';
import { applyEdits, indentBefore, lineEnd, lineIndent, lineStart, type Edit } from '../transforms/edits.js';
import { isDocstring } from '../transforms/statements.js';
import { signatureOf, type FunctionSpan } from './functions.js';

/** Why a model's reply could not be used. */
export type ReplyProblem =
  'empty_reply' | 'no_code' | 'missing_function' | 'signature_changed' | 'syntax_error' | 'unchanged';

/** The code blocks of a reply: fenced blocks (an unclosed last one included), else the whole reply. */
export function codeBlocks(reply: string): string[] {
  const text = reply.replace(/\r\n?/g, '\n');
  const fenced = [...text.matchAll(/^[ \t]*```[^\n]*\n([\s\S]*?)(?:^[ \t]*```[ \t]*$|$(?![\s\S]))/gm)].map(
    (m) => m[1]!,
  );
  if (fenced.length > 0) return fenced;
  return text.includes('```') ? [] : [text];
}

function commonIndent(code: string): number {
  const widths = code
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => /^[ \t]*/.exec(line)![0].length);
  return widths.length === 0 ? 0 : Math.min(...widths);
}

function dedentAll(code: string): string {
  const width = commonIndent(code);
  return code
    .split('\n')
    .map((line) => line.slice(Math.min(width, /^[ \t]*/.exec(line)![0].length)))
    .join('\n');
}

/** Edits that drop comments the original function did not have, and restore a Python docstring. */
function hidingEdits(fn: Node, code: string, span: FunctionSpan): Edit[] {
  const dialect = dialectOf(span.file.grammar);
  const known = new Set(span.comments);
  const edits: Edit[] = fn
    .descendantsOfType(dialect.comment)
    .filter((comment) => !known.has(comment.text))
    .map((comment) => {
      const alone = indentBefore(code, comment.startIndex) !== null;
      if (alone)
        return { start: lineStart(code, comment.startIndex), end: lineEnd(code, comment.endIndex), text: '' };
      const before = code.slice(0, comment.startIndex).replace(/[ \t]+$/, '').length;
      return { start: before, end: comment.endIndex, text: '' };
    });
  const first = fn.childForFieldName('body')?.namedChildren.find((s) => s.type !== dialect.comment);
  const old = span.docstring;
  if (dialect.family === 'python' && first && isDocstring(first) && old !== undefined && first.text !== old)
    edits.push({ start: first.startIndex, end: first.endIndex, text: old });
  return edits;
}

/** The function's text moved from its line's indentation to the original's. */
function reindent(text: string, fromColumn: number, indent: string): string {
  return text
    .split('\n')
    .map((line, index) => {
      if (index === 0 || line.trim() === '') return index === 0 ? line : '';
      return indent + line.slice(Math.min(fromColumn, /^[ \t]*/.exec(line)![0].length));
    })
    .join('\n');
}

type Found = { fn: string } | { problem: 'signature_changed' } | null;

/** The function named like the span in a code block, cleaned and at the original's indentation. */
async function functionIn(code: string, span: FunctionSpan): Promise<Found> {
  const dialect = dialectOf(span.file.grammar);
  const tree = await parseSource(span.file.grammar, code);
  try {
    const fn = inventory(tree, dialect).functions.find(
      (unit) => unit.name === span.name && !unit.node.hasError,
    );
    if (!fn) return null;
    if (signatureOf(fn.node) !== span.signature) return { problem: 'signature_changed' };
    const cleaned = applyEdits(code, hidingEdits(fn.node, code, span));
    const start = fn.node.startIndex;
    const end = fn.node.endIndex + (cleaned.length - code.length);
    return { fn: reindent(cleaned.slice(start, end), lineIndent(cleaned, start).length, span.indent) };
  } finally {
    tree.delete();
  }
}

/** A JavaScript method only parses inside a class body: a block without the function is tried wrapped. */
async function functionInBlock(code: string, span: FunctionSpan): Promise<Found> {
  const found = await functionIn(code, span);
  if (found || span.file.grammar === 'python') return found;
  return functionIn(`class Wrapper {\n${code}\n}\n`, span);
}

async function parses(span: FunctionSpan, text: string): Promise<boolean> {
  const tree = await parseSource(span.file.grammar, text);
  try {
    return !tree.rootNode.hasError;
  } finally {
    tree.delete();
  }
}

/**
 * The file with a model's version of a function in place of the original: the function is found by name
 * in the reply's code blocks, must keep its parameters, loses comments it gained (and a changed Python
 * docstring), and the file must still parse. Otherwise, why the reply is unusable.
 */
export async function replaceFunction(
  reply: string | null,
  span: FunctionSpan,
): Promise<{ text: string } | { problem: ReplyProblem }> {
  if (!reply || reply.trim() === '') return { problem: 'empty_reply' };
  const blocks = codeBlocks(reply);
  if (blocks.length === 0) return { problem: 'no_code' };
  let problem: ReplyProblem = 'missing_function';
  for (const block of blocks) {
    const found = await functionInBlock(dedentAll(block), span);
    if (found && 'problem' in found) problem = found.problem;
    if (!found || 'problem' in found) continue;
    const { fn } = found;
    const original = span.file.text.slice(span.start, span.end);
    if (fn.replace(/\s+/g, '') === original.replace(/\s+/g, '')) return { problem: 'unchanged' };
    const text = span.file.text.slice(0, span.start) + fn + span.file.text.slice(span.end);
    return (await parses(span, text)) ? { text } : { problem: 'syntax_error' };
  }
  return { problem: problem === 'missing_function' && !reply.includes('```') ? 'no_code' : problem };
}
