import type { Node } from 'web-tree-sitter';
import type { Dialect } from '../parse/dialects.js';
import type { ClassUnit, FunctionUnit } from '../parse/inventory.js';
import type { Rng } from '../rng.js';
import type { Edit } from './edits.js';

/** The source a transform reads: the file's text and its language's node types. */
export interface Source {
  text: string;
  dialect: Dialect;
}

/** One place a transform can change; `edits` returns null when the place turns out not to fit. */
export interface Site {
  node: Node;
  edits(rng: Rng): Edit[] | null;
}

/** How complex a function must be (and may be) for a transform to touch it. */
export interface Gate {
  minComplexity: number;
  maxComplexity: number;
  maxLines: number;
}

/** A transform of statements and expressions inside one function. */
export interface FunctionTransform {
  scope: 'function';
  gate: Gate;
  sites(unit: FunctionUnit, source: Source): Site[];
}

/** A transform of a class's declaration or its list of methods. */
export interface ClassTransform {
  scope: 'class';
  /** The fewest methods a class needs. */
  minMethods: number;
  sites(unit: ClassUnit, source: Source): Site[];
}

export type Transform = FunctionTransform | ClassTransform;

/** The usual gate: any function up to complexity 40 and 300 lines. */
export function gate(minComplexity = 1): Gate {
  return { minComplexity, maxComplexity: 40, maxLines: 300 };
}
