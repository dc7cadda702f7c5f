import type { Node } from 'web-tree-sitter';
import type { Dialect } from '../parse/dialects.js';

const shared: Record<string, string> = {
  '+': '-',
  '-': '+',
  '*': '/',
  '/': '*',
  '%': '*',
  '**': '*',
  '==': '!=',
  '!=': '==',
  '<': '>',
  '>': '<',
  '<=': '>=',
  '>=': '<=',
  '&': '|',
  '|': '&',
  '^': '&',
  '<<': '>>',
  '>>': '<<',
};

/** The operator each operator becomes under `change_operator`, by language family. */
export const operatorSwaps: Record<Dialect['family'], Readonly<Record<string, string>>> = {
  python: {
    ...shared,
    '//': '/',
    and: 'or',
    or: 'and',
    in: 'not in',
    'not in': 'in',
    is: 'is not',
    'is not': 'is',
  },
  javascript: { ...shared, '===': '!==', '!==': '===', '&&': '||', '||': '&&', '??': '||' },
};

/** Operators whose operands `swap_operands` exchanges: the order matters for them. */
export const orderedOperators: Record<Dialect['family'], ReadonlySet<string>> = {
  python: new Set(['+', '-', '/', '//', '%', '**', '<<', '>>', '<', '>', '<=', '>=', 'in', 'not in']),
  javascript: new Set(['+', '-', '/', '%', '**', '<<', '>>', '>>>', '<', '>', '<=', '>=']),
};

/** `<` ↔ `<=`, `>` ↔ `>=`: the comparisons an off-by-one flips. */
export const boundaryFlips: Readonly<Record<string, string>> = { '<': '<=', '<=': '<', '>': '>=', '>=': '>' };

/** An operator token of a binary node, its text with whitespace collapsed (`not  in` → `not in`). */
export interface OperatorToken {
  node: Node;
  text: string;
}

/** The operator tokens of a binary node: one, or several in a Python comparison chain. */
export function operatorTokens(node: Node): OperatorToken[] {
  const field = node.childForFieldName('operator');
  const tokens = field ? [field] : node.children.filter((child) => !child.isNamed);
  return tokens
    .filter((token) => token.type !== '(' && token.type !== ')')
    .map((token) => ({ node: token, text: token.text.replace(/\s+/g, ' ') }));
}

/** The two operands of a binary node, or null when it has more (a comparison chain). */
export function operandsOf(node: Node): [Node, Node] | null {
  const left = node.childForFieldName('left');
  const right = node.childForFieldName('right');
  if (left && right) return [left, right];
  const operands = node.namedChildren.filter((child) => child.type !== 'comment');
  return operands.length === 2 ? [operands[0]!, operands[1]!] : null;
}

/** `map[key]` for the map's own keys only (never `constructor` and friends). */
export function lookup(map: Readonly<Record<string, string>>, key: string): string | undefined {
  return Object.hasOwn(map, key) ? map[key] : undefined;
}
