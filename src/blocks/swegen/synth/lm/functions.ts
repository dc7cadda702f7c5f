import type { Node } from 'web-tree-sitter';
import type { SourceFile } from '../files.js';
import { dialectOf } from '../parse/dialects.js';
import { inventory } from '../parse/inventory.js';
import { parseSource } from '../parse/languages.js';
import { indentBefore, lineIndent } from '../transforms/edits.js';
import { isDocstring } from '../transforms/statements.js';

/** A function a model may change, as plain data (its tree is gone). */
export interface FunctionSpan {
  file: SourceFile;
  name: string;
  qualifiedName: string;
  start: number;
  end: number;
  line: number;
  /** The indentation of the line it starts on. */
  indent: string;
  /** Its parameter list, whitespace removed: a reply must keep it. */
  signature: string;
  /** The text that replaces its body for lm-rewrite: the docstring kept, the rest a stub. */
  blanked: { start: number; end: number; text: string };
  comments: string[];
  /** A Python docstring's text: a reply may not change it. */
  docstring?: string;
}

const compact = (text: string) => text.replace(/\s+/g, '');

/** The parameter list of a function node, whitespace removed. */
export function signatureOf(node: Node): string {
  const parameters = node.childForFieldName('parameters') ?? node.childForFieldName('parameter');
  return compact(parameters?.text ?? '');
}

function pythonStub(body: Node, text: string): FunctionSpan['blanked'] {
  const first = body.namedChildren.find((child) => child.type !== 'comment');
  const indent = first ? (indentBefore(text, first.startIndex) ?? '') : '';
  const stub = 'raise NotImplementedError';
  if (first && isDocstring(first))
    return { start: first.endIndex, end: body.endIndex, text: `\n${indent}${stub}` };
  return { start: body.startIndex, end: body.endIndex, text: stub };
}

function javascriptStub(body: Node, indent: string): FunctionSpan['blanked'] {
  const text = `{\n${indent}  throw new Error('not implemented');\n${indent}}`;
  return { start: body.startIndex, end: body.endIndex, text };
}

/** The named functions of a file with a block body, between `minLines` and `maxLines` long. */
export async function functionSpans(file: SourceFile, minLines = 2, maxLines = 120): Promise<FunctionSpan[]> {
  const dialect = dialectOf(file.grammar);
  const tree = await parseSource(file.grammar, file.text);
  try {
    return inventory(tree, dialect).functions.flatMap((unit): FunctionSpan[] => {
      const body = unit.node.childForFieldName('body');
      if (!body || !dialect.blocks.has(body.type) || unit.lines < minLines || unit.lines > maxLines)
        return [];
      const indent = lineIndent(file.text, unit.node.startIndex);
      const first = body.namedChildren.find((child) => child.type !== dialect.comment);
      const docstring = dialect.family === 'python' && first && isDocstring(first) ? first.text : undefined;
      return [
        {
          file,
          name: unit.name,
          qualifiedName: unit.qualifiedName,
          start: unit.node.startIndex,
          end: unit.node.endIndex,
          line: unit.node.startPosition.row + 1,
          indent,
          signature: signatureOf(unit.node),
          blanked: dialect.family === 'python' ? pythonStub(body, file.text) : javascriptStub(body, indent),
          comments: unit.node.descendantsOfType(dialect.comment).map((c) => c.text),
          ...(docstring === undefined ? {} : { docstring }),
        },
      ];
    });
  } finally {
    tree.delete();
  }
}
