import { readRecords } from '../../store/jsonl.js';
import { TaskInstance } from '../../schema/instance.js';
import { Prediction } from '../../schema/prediction.js';
import type { EvalItem } from './index.js';

/** `gold` evaluates each instance's own patch, `empty` an empty patch; anything else is a file. */
export type PredictionsSource = 'gold' | 'empty' | (string & {});

export interface EvalInputs {
  items: EvalItem[];
  instanceIds: string[];
  submittedIds: string[];
  /** Malformed lines, unknown instances and duplicates, each with a message naming where. */
  problems: string[];
}

async function readInstances(path: string, problems: string[]): Promise<Map<string, TaskInstance>> {
  const instances = new Map<string, TaskInstance>();
  for await (const record of readRecords(path, TaskInstance)) {
    if ('error' in record) problems.push(record.error.message);
    else if (instances.has(record.value.instance_id))
      problems.push(
        `${path}:${record.line}: duplicate instance ${record.value.instance_id}; the first one is used`,
      );
    else instances.set(record.value.instance_id, record.value);
  }
  return instances;
}

async function readPredictions(
  source: PredictionsSource,
  instances: Map<string, TaskInstance>,
  problems: string[],
) {
  if (source === 'gold' || source === 'empty')
    return [...instances.values()].map((i) => ({
      instance_id: i.instance_id,
      model_name_or_path: source,
      model_patch: source === 'gold' ? i.patch : '',
    }));
  const predictions: Prediction[] = [];
  const seen = new Set<string>();
  for await (const record of readRecords(source, Prediction)) {
    if ('error' in record) problems.push(record.error.message);
    else if (!instances.has(record.value.instance_id))
      problems.push(
        `${source}:${record.line}: prediction for unknown instance ${record.value.instance_id}; skipped`,
      );
    else if (seen.has(`${record.value.model_name_or_path}/${record.value.instance_id}`))
      problems.push(
        `${source}:${record.line}: duplicate prediction for ${record.value.instance_id}; skipped`,
      );
    else {
      seen.add(`${record.value.model_name_or_path}/${record.value.instance_id}`);
      predictions.push(record.value);
    }
  }
  return predictions;
}

/** Reads instances and predictions, pairing them; bad lines are reported and the rest still run. */
export async function loadEvalInputs(instancesPath: string, source: PredictionsSource): Promise<EvalInputs> {
  const problems: string[] = [];
  const instances = await readInstances(instancesPath, problems);
  const predictions = await readPredictions(source, instances, problems);
  const items = predictions.map((prediction) => ({
    instance: instances.get(prediction.instance_id)!,
    prediction,
  }));
  return {
    items,
    instanceIds: [...instances.keys()],
    submittedIds: [...new Set(predictions.map((p) => p.instance_id))],
    problems,
  };
}
