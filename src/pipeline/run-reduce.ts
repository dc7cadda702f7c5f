import { LegoError, type ErrorCode } from '../errors.js';
import type { RunSummary } from '../progress.js';
import { openRunStore } from '../store/run-store.js';
import { runStage } from './run-stage.js';
import { reduceStage, type Reducer } from './stage.js';

export interface ReduceCommandOptions<C> {
  /** The run directory that remembers what the outputs were built from. */
  runDir: string;
  config: C;
  /** Default: the reducer's name. */
  stageName?: string;
  /** Rebuild even when inputs and config are unchanged. */
  redo?: boolean;
  /** False when the files the last run wrote are gone: they are rebuilt. */
  outputsExist: boolean;
}

/**
 * Runs a reduce stage as a command whose files replace the previous run's (`sft build`, `eval tts`):
 * unchanged inputs and config do no work (`run.skipped` is 1) and give back the outputs recorded then;
 * a changed config rebuilds without asking for --redo, as the command always did. The one item's failure
 * is thrown, as the command's error.
 */
export async function runReduceCommand<I, O, C>(
  reducer: Reducer<I, O, C>,
  items: I[],
  options: ReduceCommandOptions<C>,
): Promise<{ run: RunSummary; outputs: O[] }> {
  const store = openRunStore(options.runDir);
  try {
    const result = await runStage(reduceStage(reducer), items, {
      store,
      config: options.config,
      ...(options.stageName ? { stageName: options.stageName } : {}),
      configChange: 'recompute',
      redo: (options.redo ?? false) || !options.outputsExist,
      retries: 0,
      progress: 'off',
    });
    const failure = result.run.failures[0];
    if (failure) throw new LegoError(failure.code as ErrorCode, failure.message);
    return result;
  } finally {
    store.close();
  }
}
