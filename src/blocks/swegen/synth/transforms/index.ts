import { removeBaseClass, removeMethod, shuffleMethods } from './classes.js';
import {
  invertIf,
  removeAssignment,
  removeConditional,
  removeLoop,
  removeWrapper,
  shuffleBlock,
} from './control.js';
import { breakChain, changeConstant, changeOperator, swapOperands } from './expressions.js';
import { offByOne } from './off-by-one.js';
import type { Transform } from './types.js';

/** Every procedural transform, by the name candidates record. */
export const transforms = {
  invert_if: invertIf,
  shuffle_block: shuffleBlock,
  remove_assignment: removeAssignment,
  remove_conditional: removeConditional,
  remove_loop: removeLoop,
  remove_wrapper: removeWrapper,
  break_chain: breakChain,
  change_constant: changeConstant,
  change_operator: changeOperator,
  swap_operands: swapOperands,
  off_by_one: offByOne,
  remove_base_class: removeBaseClass,
  remove_method: removeMethod,
  shuffle_methods: shuffleMethods,
} satisfies Record<string, Transform>;

export type TransformName = keyof typeof transforms;

export const transformNames = Object.keys(transforms) as TransformName[];
