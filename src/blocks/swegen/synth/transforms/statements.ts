import type { Node } from 'web-tree-sitter';
import type { Dialect } from '../parse/dialects.js';
import { dedent, indentBefore, lineEnd, lineStart, wholeLines, type Edit } from './edits.js';
import type { Source } from './types.js';

/** The statements of a block, comments left out. */
export function statementsOf(block: Node, dialect: Dialect): Node[] {
  return block.namedChildren.filter((child) => child.type !== dialect.comment);
}

/** Whether a Python statement is a docstring (a lone string as the first statement of a body). */
export function isDocstring(statement: Node): boolean {
  return (
    statement.type === 'expression_statement' &&
    statement.namedChildCount === 1 &&
    statement.namedChild(0)?.type === 'string' &&
    statement.previousNamedSibling === null
  );
}

/** Whether a node is a statement directly inside a block (so removing it leaves valid code). */
export function inBlock(node: Node, dialect: Dialect): boolean {
  return node.parent !== null && dialect.blocks.has(node.parent.type);
}

/**
 * The edit that removes a statement: its whole lines when it has them to itself, else just its text. A
 * Python block left empty gets `pass`.
 */
export function removeStatement(node: Node, { text, dialect }: Source): Edit | null {
  const siblings = statementsOf(node.parent!, dialect);
  if (dialect.family === 'python' && siblings.length === 1)
    return { start: node.startIndex, end: node.endIndex, text: 'pass' };
  const lines = wholeLines(text, node);
  if (lines) return { ...lines, text: '' };
  return dialect.family === 'javascript' ? { start: node.startIndex, end: node.endIndex, text: '' } : null;
}

/**
 * The edit that replaces a statement by the statements of its body, moved out one level: `with` / `try`
 * unwrapped. `first` and `last` are the body's first and last statements.
 */
export function unwrap(node: Node, first: Node, last: Node, { text }: Source): Edit | null {
  const outer = indentBefore(text, node.startIndex);
  const lines = wholeLines(text, node);
  const inner = indentBefore(text, first.startIndex);
  if (outer === null || lines === null || inner === null || inner.length <= outer.length)
    return { start: node.startIndex, end: node.endIndex, text: text.slice(first.startIndex, last.endIndex) };
  const body = text.slice(lineStart(text, first.startIndex), lineEnd(text, last.endIndex));
  const moved = dedent(body, inner.length - outer.length);
  return { ...lines, text: moved.endsWith('\n') || lines.end === text.length ? moved : `${moved}\n` };
}
