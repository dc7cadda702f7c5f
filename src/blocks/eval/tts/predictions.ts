import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Prediction } from '../../../schema/prediction.js';
import type { SelectorName } from '../../../schema/tts.js';
import type { TtsCandidate } from './candidates.js';
import { selectors, toScored } from './selectors.js';

/**
 * The candidate a selector submits from an instance's first k samples; a tie goes to the lowest sample.
 * Undefined when there are fewer than k, or the verifier lacks a score among them.
 */
export function pickFromFirstK(
  candidates: TtsCandidate[],
  k: number,
  selector: SelectorName,
): TtsCandidate | undefined {
  const firstK = candidates.slice(0, k);
  if (firstK.length < k) return undefined;
  if (selector === 'verifier' && firstK.some((c) => c.score === undefined)) return undefined;
  const scored = firstK.map(toScored);
  const picked = selectors[selector].pick(scored)[0];
  return picked && firstK[scored.indexOf(picked)];
}

/** Where the predictions of one selector at one k go, below the output directory. */
export const predictionsFile = (selector: SelectorName, k: number) =>
  join('predictions', `${selector}@${k}.jsonl`);

/** Writes SWE-bench predictions (`predictions/<selector>@<k>.jsonl`) of every selector at every k. */
export async function writeSelectedPredictions(
  outDir: string,
  groups: Map<string, TtsCandidate[]>,
  ks: number[],
  names: SelectorName[],
): Promise<string[]> {
  await mkdir(join(outDir, 'predictions'), { recursive: true });
  const written: string[] = [];
  for (const name of names)
    for (const k of ks) {
      const lines: string[] = [];
      for (const [id, candidates] of groups) {
        const pick = pickFromFirstK(candidates, k, name);
        if (!pick) continue;
        const prediction: Prediction = {
          instance_id: id,
          model_name_or_path: `${pick.model}+${name}@${k}`,
          model_patch: pick.patch,
        };
        lines.push(`${JSON.stringify(prediction)}\n`);
      }
      const path = join(outDir, predictionsFile(name, k));
      await writeFile(path, lines.join(''));
      written.push(path);
    }
  return written;
}
