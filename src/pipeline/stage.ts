import type { z } from 'zod';
import type { Block, BlockContext } from '../block.js';

export type { Block, BlockContext } from '../block.js';

/**
 * A reduce stage's work: the whole input at once, its outputs back (`sft build`, `eval tts`). Like a
 * block it has a name and version (what its config hash is relative to) and zod types for one input item
 * and one output record.
 */
export interface Reducer<I, O, C = unknown> {
  readonly name: string;
  readonly version: string;
  readonly input: z.ZodType<I>;
  readonly output: z.ZodType<O>;
  run(items: I[], ctx: BlockContext<C>): Promise<O[]>;
}

/**
 * A stage: a `map` runs its block once per item (one output each); a `reduce` runs its reducer once over
 * every item. The generic stage runner (`runStage`) runs both kinds with the store, resume and progress.
 */
export type Stage<I, O, C = unknown> =
  | { readonly kind: 'map'; readonly block: Block<I, O, C> }
  | { readonly kind: 'reduce'; readonly reducer: Reducer<I, O, C> };

/** A map stage of `block`. */
export const mapStage = <I, O, C>(block: Block<I, O, C>): Stage<I, O, C> => ({ kind: 'map', block });

/** A reduce stage of `reducer`. */
export const reduceStage = <I, O, C>(reducer: Reducer<I, O, C>): Stage<I, O, C> => ({
  kind: 'reduce',
  reducer,
});
