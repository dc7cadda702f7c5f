import type { Node } from 'web-tree-sitter';
import { shuffledOrder } from '../rng.js';
import { permuteEdits, type Edit } from './edits.js';
import { inBlock, isDocstring, removeStatement, statementsOf, unwrap } from './statements.js';
import { gate, type FunctionTransform, type Site, type Source } from './types.js';

const fixed = (node: Node, edit: () => Edit | null): Site => ({
  node,
  edits: () => {
    const made = edit();
    return made ? [made] : null;
  },
});

function negated(condition: Node, { dialect }: Source): string {
  if (dialect.family === 'python') {
    if (condition.type === 'not_operator') return condition.childForFieldName('argument')!.text;
    return dialect.primaries.has(condition.type) ? `not ${condition.text}` : `not (${condition.text})`;
  }
  if (condition.type === 'unary_expression' && condition.childForFieldName('operator')?.text === '!') {
    const argument = condition.childForFieldName('argument')!;
    return argument.type === 'parenthesized_expression' ? argument.namedChild(0)!.text : argument.text;
  }
  return dialect.primaries.has(condition.type) ? `!${condition.text}` : `!(${condition.text})`;
}

/** `if c` → `if not c` / `if (!c)`; a negated condition loses its negation. */
export const invertIf: FunctionTransform = {
  scope: 'function',
  gate: gate(2),
  sites: (unit, source) =>
    unit.own
      .filter((node) => source.dialect.ifs.has(node.type))
      .map((node) =>
        fixed(node, () => {
          const outer = node.childForFieldName('condition');
          const condition = source.dialect.family === 'python' ? outer : outer?.namedChild(0);
          if (!condition) return null;
          return { start: condition.startIndex, end: condition.endIndex, text: negated(condition, source) };
        }),
      ),
};

const removal = (
  minComplexity: number,
  matches: (node: Node, source: Source) => boolean,
): FunctionTransform => ({
  scope: 'function',
  gate: gate(minComplexity),
  sites: (unit, source) =>
    unit.own
      .filter((node) => inBlock(node, source.dialect) && matches(node, source))
      .map((node) => fixed(node, () => removeStatement(node, source))),
});

const declarations = new Set(['lexical_declaration', 'variable_declaration']);

/** Removes an assignment statement (or, in JavaScript, a variable declaration). */
export const removeAssignment = removal(1, (node, { dialect }) => {
  if (declarations.has(node.type)) return true;
  return node.type === 'expression_statement' && dialect.assignments.has(node.namedChild(0)?.type ?? '');
});

/** Removes a whole `if` statement, branches and all. */
export const removeConditional = removal(2, (node, { dialect }) => dialect.ifs.has(node.type));

/** Removes a loop. */
export const removeLoop = removal(2, (node, { dialect }) => dialect.loops.has(node.type));

/** Replaces a `with` or `try` by its body. */
export const removeWrapper: FunctionTransform = {
  scope: 'function',
  gate: gate(1),
  sites: (unit, source) =>
    unit.own
      .filter((node) => inBlock(node, source.dialect) && source.dialect.wrappers.has(node.type))
      .map((node) =>
        fixed(node, () => {
          const body = node.childForFieldName('body');
          const statements = body ? statementsOf(body, source.dialect) : [];
          if (statements.length === 0) return null;
          return unwrap(node, statements[0]!, statements.at(-1)!, source);
        }),
      ),
};

/** Shuffles the statements of a block (a docstring stays first). */
export const shuffleBlock: FunctionTransform = {
  scope: 'function',
  gate: gate(1),
  sites: (unit, source) =>
    unit.own
      .filter((node) => source.dialect.blocks.has(node.type))
      .flatMap((block) => {
        const statements = statementsOf(block, source.dialect).filter((s) => !isDocstring(s));
        if (statements.length < 2) return [];
        return [
          {
            node: block,
            edits: (rng) => permuteEdits(source.text, statements, shuffledOrder(rng, statements.length)),
          },
        ];
      }),
};
