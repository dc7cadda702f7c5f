import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Prediction } from '../../schema/prediction.js';
import { Trajectory } from '../../schema/trajectory.js';
import { readRecords } from '../../store/jsonl.js';

export interface PredictionsOptions {
  trajectoriesPath: string;
  outPath: string;
  /** Which sample becomes the prediction of each instance; default 0. */
  sample?: number;
  /** `model_name_or_path` to write; default the trajectories' own model. */
  modelName?: string;
}

export interface PredictionsResult {
  predictions: Prediction[];
  /** Malformed lines and instances without the chosen sample, reported and skipped. */
  problems: string[];
}

/**
 * Writes SWE-bench predictions (JSONL) from trajectories: for each instance, the final patch of the
 * chosen sample. The choice never looks at the judgement, so the predictions are fair to evaluate.
 */
export async function writePredictions(options: PredictionsOptions): Promise<PredictionsResult> {
  const sample = options.sample ?? 0;
  const chosen = new Map<string, Prediction | null>();
  const problems: string[] = [];
  for await (const record of readRecords(options.trajectoriesPath, Trajectory)) {
    if ('error' in record) {
      problems.push(record.error.message);
      continue;
    }
    const t = record.value;
    if (!chosen.has(t.instance_id)) chosen.set(t.instance_id, null);
    if (t.sample !== sample || chosen.get(t.instance_id)) continue;
    chosen.set(t.instance_id, {
      instance_id: t.instance_id,
      model_name_or_path: options.modelName ?? t.model,
      model_patch: t.patch,
    });
  }
  const predictions: Prediction[] = [];
  for (const [id, prediction] of chosen) {
    if (prediction) predictions.push(prediction);
    else
      problems.push(
        `${options.trajectoriesPath}: instance ${id} has no trajectory with sample ${sample}; skipped`,
      );
  }
  await mkdir(dirname(options.outPath), { recursive: true });
  await writeFile(options.outPath, predictions.map((p) => `${JSON.stringify(p)}\n`).join(''));
  return { predictions, problems };
}
