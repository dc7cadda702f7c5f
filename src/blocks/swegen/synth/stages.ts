import { readFile } from 'node:fs/promises';
import type { ProgressMode } from '../../../progress.js';
import { checkResumable } from '../../../runner.js';
import { SynthBug, type SynthResult } from '../../../schema/synth.js';
import type { RunStore } from '../../../store/run-store.js';

/** How synth's stages run (through `runStage`): resumable in one store, with these workers and progress. */
export interface StageOptions {
  store: RunStore;
  workers: number;
  redo: boolean;
  configChange?: 'refuse' | 'recompute';
  signal?: AbortSignal;
  progress: ProgressMode;
}

/**
 * Refuses, before any of them runs, to resume any of these stages under another config (unless they are
 * to recompute it).
 */
export function checkStages(
  options: StageOptions,
  stages: [block: { name: string; version: string }, config: unknown][],
) {
  if (options.configChange === 'recompute') return;
  for (const [block, config] of stages) checkResumable(options.store, block, config, options.redo);
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
