import type { Block } from './block.js';
import { executeBlock, type StageRunOptions } from './pipeline/execute-block.js';
import type { RunSummary } from './progress.js';

export { formatSummary, type RunSummary } from './progress.js';
export { checkResumable, configHash, resultConfig } from './pipeline/config-hash.js';
export type { ItemEvent } from './pipeline/execute-block.js';

export type RunOptions<C> = StageRunOptions<C>;

/**
 * Runs `block` over `items` as a map stage (see `runStage`) and resolves with the summary only, without
 * reading the outputs back: for callers that read the store themselves.
 */
export async function runBlock<I, O, C>(
  block: Block<I, O, C>,
  items: Iterable<unknown> | AsyncIterable<unknown>,
  options: RunOptions<C>,
): Promise<RunSummary> {
  return (await executeBlock(block, items, options)).run;
}
