import { readFile } from 'node:fs/promises';
import type { Block } from '../../../block.js';
import type { ProgressMode } from '../../../progress.js';
import { checkResumable, runBlock, type RunSummary } from '../../../runner.js';
import { SynthBug, type SynthResult } from '../../../schema/synth.js';
import type { RunStore } from '../../../store/run-store.js';

/** How block runs go: resumable in one store, with these workers and this progress display. */
export interface StageOptions {
  store: RunStore;
  workers: number;
  redo: boolean;
  signal?: AbortSignal;
  progress: ProgressMode;
}

/** Refuses, before any of them runs, to resume any of these stages under another config. */
export function checkStages(
  options: StageOptions,
  stages: [block: { name: string; version: string }, config: unknown][],
) {
  for (const [block, config] of stages) checkResumable(options.store, block, config, options.redo);
}

/** Runs a block over items and reads back the outputs of those done, in item order. */
export async function runStage<I, O, C>(
  block: Block<I, O, C>,
  items: I[],
  config: C,
  options: StageOptions,
): Promise<{ run: RunSummary; outputs: O[] }> {
  const { store, workers, redo, signal, progress } = options;
  const run = await runBlock(block, items, {
    store,
    config,
    workers,
    redo,
    progress,
    ...(signal ? { signal } : {}),
  });
  const outputs = items.flatMap((item) => {
    const state = store.item(block.name, block.key(item));
    return state?.status === 'done' ? [block.output.parse(state.output)] : [];
  });
  return { run, outputs };
}

/** The bugs generation wrote, in result order. */
export async function readBugs(results: SynthResult[]): Promise<SynthBug[]> {
  const bugs: SynthBug[] = [];
  for (const result of results) {
    const text = await readFile(result.bugs_path, 'utf8');
    for (const line of text.split('\n')) if (line.trim()) bugs.push(SynthBug.parse(JSON.parse(line)));
  }
  return bugs;
}

/** Lines of JSONL. */
export const jsonl = (records: unknown[]) => records.map((record) => `${JSON.stringify(record)}\n`).join('');
