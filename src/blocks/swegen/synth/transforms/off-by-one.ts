import type { Node } from 'web-tree-sitter';
import type { Rng } from '../rng.js';
import { nudgedInteger } from './expressions.js';
import { boundaryFlips, lookup, operandsOf, operatorTokens } from './operators.js';
import { gate, type FunctionTransform, type Site, type Source } from './types.js';

/** A bound moved by one: a literal nudged, a trailing `± 1` dropped, or `+ 1` / `- 1` added. */
function shiftedBound(bound: Node, rng: Rng, { dialect }: Source): string | null {
  if (bound.isNamed && dialect.numbers.has(bound.type)) return nudgedInteger(bound.text, rng);
  if (dialect.binaries.has(bound.type)) {
    const operands = operandsOf(bound);
    const [token] = operatorTokens(bound);
    if (operands && (token?.text === '+' || token?.text === '-') && operands[1].text === '1')
      return operands[0].text;
  }
  const delta = rng.next() < 0.5 ? '+ 1' : '- 1';
  return dialect.primaries.has(bound.type) ? `${bound.text} ${delta}` : `(${bound.text}) ${delta}`;
}

const slicingMethods = new Set(['slice', 'substring', 'substr']);
const notBounds = new Set(['string', 'template_string', 'keyword_argument', 'comment', 'list_splat']);

/** The argument nodes of a call to `range` (Python) or a slicing method (JavaScript). */
function rangeArguments(node: Node, { dialect }: Source): Node[] {
  if (!dialect.calls.has(node.type)) return [];
  const callee = node.childForFieldName('function');
  const name = dialect.members.has(callee?.type ?? '')
    ? callee!.childForFieldName(dialect.family === 'python' ? 'attribute' : 'property')?.text
    : callee?.text;
  const wanted = dialect.family === 'python' ? name === 'range' : slicingMethods.has(name ?? '');
  return wanted ? (node.childForFieldName('arguments')?.namedChildren ?? []) : [];
}

/** The index or slice bounds of a subscript. */
function subscriptBounds(node: Node, { dialect }: Source): Node[] {
  if (!dialect.subscripts.has(node.type)) return [];
  const indexes =
    dialect.family === 'python' ? node.childrenForFieldName('subscript') : [node.childForFieldName('index')];
  return indexes.flatMap((index) => {
    if (!index) return [];
    return index.type === 'slice' ? index.namedChildren : [index];
  });
}

function boundSites(node: Node, source: Source): Site[] {
  const bounds = [...rangeArguments(node, source), ...subscriptBounds(node, source)];
  return bounds
    .filter((bound) => !notBounds.has(bound.type))
    .map((bound) => ({
      node: bound,
      edits: (rng) => {
        const text = shiftedBound(bound, rng, source);
        return text === null ? null : [{ start: bound.startIndex, end: bound.endIndex, text }];
      },
    }));
}

function comparisonSites(node: Node, { dialect }: Source): Site[] {
  if (!dialect.binaries.has(node.type)) return [];
  return operatorTokens(node).flatMap((token): Site[] => {
    const flipped = lookup(boundaryFlips, token.text);
    return flipped
      ? [
          {
            node: token.node,
            edits: () => [{ start: token.node.startIndex, end: token.node.endIndex, text: flipped }],
          },
        ]
      : [];
  });
}

/** Off by one: `<` ↔ `<=`, `>` ↔ `>=`, and range, slice and index bounds moved by one. */
export const offByOne: FunctionTransform = {
  scope: 'function',
  gate: gate(1),
  sites: (unit, source) =>
    unit.own.flatMap((node) => [...comparisonSites(node, source), ...boundSites(node, source)]),
};
