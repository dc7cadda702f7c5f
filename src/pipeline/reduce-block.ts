import { z } from 'zod';
import type { Block } from '../block.js';
import { inputDigest } from './input-digest.js';
import type { Reducer } from './stage.js';

/**
 * The reducer as a block over one item, the whole input: its key is the digest of that input, so the
 * runner's resume, retries and store apply to a reduce stage unchanged.
 */
export function reduceAsBlock<I, O, C>(reducer: Reducer<I, O, C>): Block<I[], O[], C> {
  return {
    name: reducer.name,
    version: reducer.version,
    input: z.array(reducer.input),
    output: z.array(reducer.output),
    key: (items) => inputDigest(items),
    run: (items, ctx) => reducer.run(items, ctx),
  };
}
