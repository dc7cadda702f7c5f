import type { Node } from 'web-tree-sitter';
import type { Rng } from '../rng.js';
import type { Edit } from './edits.js';
import { lookup, operandsOf, operatorSwaps, operatorTokens, orderedOperators } from './operators.js';
import { gate, type FunctionTransform, type Site, type Source } from './types.js';

const replace = (node: Node, text: string): Edit => ({ start: node.startIndex, end: node.endIndex, text });

/** An integer literal one higher or lower (0 becomes 1). */
export function nudgedInteger(literal: string, rng: Rng): string | null {
  if (!/^(0|[1-9]\d*)$/.test(literal)) return null;
  const value = BigInt(literal);
  return String(value === 0n || rng.next() < 0.5 ? value + 1n : value - 1n);
}

/** An integer literal ±1, or a boolean literal flipped. */
export const changeConstant: FunctionTransform = {
  scope: 'function',
  gate: gate(1),
  sites: (unit, { dialect }) =>
    unit.own.flatMap((node): Site[] => {
      if (node.isNamed && dialect.numbers.has(node.type))
        return [
          {
            node,
            edits: (rng) => {
              const text = nudgedInteger(node.text, rng);
              return text === null ? null : [replace(node, text)];
            },
          },
        ];
      const flipped =
        node.type === 'true' || node.type === 'false' ? lookup(dialect.booleans, node.text) : undefined;
      return flipped ? [{ node, edits: () => [replace(node, flipped)] }] : [];
    }),
};

/** One operator replaced by another (`+` → `-`, `==` → `!=`, `and` → `or`...). */
export const changeOperator: FunctionTransform = {
  scope: 'function',
  gate: gate(1),
  sites: (unit, { dialect }) =>
    unit.own
      .filter((node) => dialect.binaries.has(node.type))
      .flatMap((node) =>
        operatorTokens(node).flatMap((token): Site[] => {
          const swapped = lookup(operatorSwaps[dialect.family], token.text);
          return swapped ? [{ node: token.node, edits: () => [replace(token.node, swapped)] }] : [];
        }),
      ),
};

/** `a - b` → `b - a`, for operators where the order matters. */
export const swapOperands: FunctionTransform = {
  scope: 'function',
  gate: gate(1),
  sites: (unit, { text, dialect }) =>
    unit.own
      .filter((node) => dialect.binaries.has(node.type))
      .flatMap((node): Site[] => {
        const operands = operandsOf(node);
        const [token, ...more] = operatorTokens(node);
        if (!operands || !token || more.length > 0 || !orderedOperators[dialect.family].has(token.text))
          return [];
        const [left, right] = operands;
        return [
          {
            node,
            edits: () => [
              replace(left, text.slice(right.startIndex, right.endIndex)),
              replace(right, text.slice(left.startIndex, left.endIndex)),
            ],
          },
        ];
      }),
};

function chainedCall(node: Node, { dialect }: Source): Node | null {
  if (!dialect.calls.has(node.type)) return null;
  const callee = node.childForFieldName('function');
  const object = callee && dialect.members.has(callee.type) ? callee.childForFieldName('object') : null;
  return object && dialect.calls.has(object.type) ? object : null;
}

/** The left operand of `a OP b OP c` (the same operator twice), which breaking the chain keeps. */
function chainedOperand(node: Node, { dialect }: Source): Node | null {
  if (!dialect.binaries.has(node.type)) return null;
  const left = operandsOf(node)?.[0];
  if (!left || left.type !== node.type) return null;
  const [outer] = operatorTokens(node);
  const [inner] = operatorTokens(left);
  return outer && inner && outer.text === inner.text ? left : null;
}

/** Drops the last link of a chain: `s.strip().lower()` → `s.strip()`, `a + b + c` → `a + b`. */
export const breakChain: FunctionTransform = {
  scope: 'function',
  gate: gate(1),
  sites: (unit, source) =>
    unit.own.flatMap((node): Site[] => {
      const kept = chainedCall(node, source) ?? chainedOperand(node, source);
      return kept ? [{ node, edits: () => [{ start: kept.endIndex, end: node.endIndex, text: '' }] }] : [];
    }),
};
