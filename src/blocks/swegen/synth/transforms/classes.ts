import type { Node } from 'web-tree-sitter';
import { shuffledOrder } from '../rng.js';
import { lineEnd, lineStart, permuteEdits, wholeLines, type Edit } from './edits.js';
import type { ClassTransform, Site, Source } from './types.js';

const blank = (line: string) => line.trim() === '';

function pythonBaseEdits(bases: Node, base: Node): Edit {
  const listed = bases.namedChildren.filter((child) => child.type !== 'comment');
  if (listed.length === 1) return { start: bases.startIndex, end: bases.endIndex, text: '' };
  const index = listed.findIndex((child) => child.equals(base));
  const next = listed[index + 1];
  if (next) return { start: base.startIndex, end: next.startIndex, text: '' };
  return { start: listed[index - 1]!.endIndex, end: base.endIndex, text: '' };
}

function pythonBaseSites(unit: Node): Site[] {
  const bases = unit.childForFieldName('superclasses');
  if (!bases) return [];
  return bases.namedChildren
    .filter((child) => child.type !== 'keyword_argument' && child.type !== 'comment')
    .map((base) => ({ node: base, edits: () => [pythonBaseEdits(bases, base)] }));
}

function javascriptBaseSites(unit: Node): Site[] {
  const heritage = unit.children.find((child) => child.type === 'class_heritage');
  if (!heritage) return [];
  const typed = heritage.namedChildren.find((child) => child.type === 'extends_clause');
  // TypeScript wraps `extends B` in an extends_clause beside `implements`; JavaScript's heritage is `extends B`.
  if (!typed && heritage.child(0)?.type !== 'extends') return [];
  const after = typed?.nextNamedSibling;
  const edit: Edit = after
    ? { start: typed!.startIndex, end: after.startIndex, text: '' }
    : { start: heritage.previousSibling!.endIndex, end: heritage.endIndex, text: '' };
  return [{ node: heritage, edits: () => [edit] }];
}

/** Removes a base class: `class A(B):` → `class A:`, `class A extends B {` → `class A {`. */
export const removeBaseClass: ClassTransform = {
  scope: 'class',
  minMethods: 0,
  sites: (unit, { dialect }) =>
    dialect.family === 'python' ? pythonBaseSites(unit.node) : javascriptBaseSites(unit.node),
};

/** The lines of a method with the blank lines that separate it from its neighbour. */
function methodLines(method: Node, isFirst: boolean, text: string): Edit | null {
  const lines = wholeLines(text, method);
  if (!lines) return { start: method.startIndex, end: method.endIndex, text: '' };
  let { start, end } = lines;
  if (isFirst) {
    while (end < text.length && blank(text.slice(end, lineEnd(text, end)))) end = lineEnd(text, end);
  } else {
    while (start > 0 && blank(text.slice(lineStart(text, start - 1), start)))
      start = lineStart(text, start - 1);
  }
  return { start, end, text: '' };
}

/** Removes one method of a class that has at least two. */
export const removeMethod: ClassTransform = {
  scope: 'class',
  minMethods: 2,
  sites: (unit, source: Source) =>
    unit.methods.map((method, index) => ({
      node: method,
      edits: () => {
        const edit = methodLines(method, index === 0, source.text);
        return edit ? [edit] : null;
      },
    })),
};

/** Shuffles the order of a class's methods. */
export const shuffleMethods: ClassTransform = {
  scope: 'class',
  minMethods: 2,
  sites: (unit, source) => [
    {
      node: unit.body,
      edits: (rng) => permuteEdits(source.text, unit.methods, shuffledOrder(rng, unit.methods.length)),
    },
  ],
};
