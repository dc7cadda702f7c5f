import { readFile } from 'node:fs/promises';
import type { Candidate, MineResult } from '../../../schema/swegen.js';
import { MineResult as MineResultSchema } from '../../../schema/swegen.js';
import type { RunStore } from '../../../store/run-store.js';

/** The done mine items of a stage, oldest commit to the store first. */
function doneResults(store: RunStore, stageName: string): MineResult[] {
  return store
    .items(stageName)
    .filter((state) => state.status === 'done')
    .map((state) => MineResultSchema.parse(state.output));
}

/**
 * Each repository's cursor: the head of its latest done mine item (full or refresh), read from the run
 * store, so it is exactly what was committed there and survives a kill at any moment.
 */
export function mineCursors(store: RunStore, stageName: string): Map<string, string> {
  const cursors = new Map<string, string>();
  for (const result of doneResults(store, stageName)) cursors.set(result.repo, result.head);
  return cursors;
}

/**
 * The done mine items of `repos`, in output order: the full mines in the order of `repos`, then the
 * refresh items in the order they were done, so each refresh's candidates come after everything before.
 */
export function minedItemsOf(store: RunStore, stageName: string, repos: string[]): MineResult[] {
  const order = new Map(repos.map((repo, i) => [repo, i]));
  const results = doneResults(store, stageName).filter((result) => order.has(result.repo));
  const full = results.filter((result) => result.cursor === undefined);
  full.sort((a, b) => order.get(a.repo)! - order.get(b.repo)!);
  return [...full, ...results.filter((result) => result.cursor !== undefined)];
}

/** The candidates a mining item wrote: its own output, so they are read back without validating again. */
async function readCandidates(path: string): Promise<Candidate[]> {
  const text = await readFile(path, 'utf8');
  return text === ''
    ? []
    : text
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line) as Candidate);
}

/**
 * The union of the items' candidates in item order, an instance id kept only the first time it appears
 * (a re-mined range after a force push repeats ids); `added` counts each item's candidates that were kept.
 */
export async function unionCandidates(
  results: MineResult[],
): Promise<{ candidates: Candidate[]; added: Map<string, number> }> {
  const lists = await Promise.all(results.map((result) => readCandidates(result.candidates_path)));
  const seen = new Set<string>();
  const candidates: Candidate[] = [];
  const added = new Map<string, number>();
  lists.forEach((list, i) => {
    const fresh = list.filter((candidate) => !seen.has(candidate.instance_id));
    for (const candidate of fresh) seen.add(candidate.instance_id);
    candidates.push(...fresh);
    added.set(results[i]!.candidates_path, fresh.length);
  });
  return { candidates, added };
}
