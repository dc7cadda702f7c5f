import type { z } from 'zod';
import type { RunSummary } from '../progress.js';
import type { RunStore } from '../store/run-store.js';
import { executeBlock, type StageRunOptions } from './execute-block.js';
import { reduceAsBlock } from './reduce-block.js';
import type { Stage } from './stage.js';

export type { ItemEvent, StageRunOptions } from './execute-block.js';

/** A stage run: its summary, and the outputs of its done items in item order. */
export interface StageResult<O> {
  run: RunSummary;
  outputs: O[];
}

/**
 * Runs a stage over `items`, recording each outcome in the run store under the stage's name, and reads the
 * outputs of the done items back in item order. A map stage runs its block per item; a reduce stage runs
 * its reducer once, as one item keyed by the digest of the whole input. A run directory that recorded
 * another config for the stage is refused (`config_changed`) unless `redo`. Items done under the config
 * hash are skipped (unless `redo`); a done item's result stays until its recomputation commits, and stays
 * for good when that fails. Invalid items fail with `bad_input`; every error is recorded and the run goes
 * on.
 */
export async function runStage<I, O, C>(
  stage: Stage<I, O, C>,
  items: Iterable<unknown> | AsyncIterable<unknown>,
  options: StageRunOptions<C>,
): Promise<StageResult<O>> {
  if (stage.kind === 'map') {
    const { run, keys, stageName } = await executeBlock(stage.block, items, options);
    return { run, outputs: readOutputs(options.store, stageName, keys, stage.block.output) };
  }
  const block = reduceAsBlock(stage.reducer);
  const whole: unknown[] = [];
  for await (const item of items) whole.push(item);
  const { run, keys, stageName } = await executeBlock(block, [whole], options);
  return { run, outputs: readOutputs(options.store, stageName, keys, block.output).flat() };
}

function readOutputs<O>(store: RunStore, stageName: string, keys: string[], output: z.ZodType<O>): O[] {
  return keys.flatMap((key) => {
    const state = store.item(stageName, key);
    return state?.status === 'done' ? [output.parse(state.output)] : [];
  });
}
