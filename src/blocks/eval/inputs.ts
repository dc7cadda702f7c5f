import { readRecords } from '../../store/jsonl.js';
import { TaskInstance } from '../../schema/instance.js';
import { Prediction } from '../../schema/prediction.js';
import type { EvalItem } from './index.js';

/** `gold` evaluates each instance's own patch, `empty` an empty patch; anything else is a file. */
export type PredictionsSource = 'gold' | 'empty' | (string & {});

/** An input line (or `.json` entry) that was not evaluated, and why. */
export interface RejectedLine {
  file: string;
  /** 1-based line of a `.jsonl` file, or entry of a `.json` one. */
  line: number;
  reason: string;
}

export interface EvalInputs {
  items: EvalItem[];
  instanceIds: string[];
  submittedIds: string[];
  /** Malformed lines, unknown instances and duplicates. */
  rejected: RejectedLine[];
}

/** `file:line: reason`, the form eval prints. */
export const formatRejected = (r: RejectedLine) => `${r.file}:${r.line}: ${r.reason}`;

/** The reason of a record error, without the location its message starts with. */
function reasonOf(file: string, message: string): string {
  const at = message.startsWith(file) ? message.indexOf(': ', file.length) : -1;
  return at < 0 ? message : message.slice(at + 2);
}

async function readInstances(path: string, rejected: RejectedLine[]): Promise<Map<string, TaskInstance>> {
  const instances = new Map<string, TaskInstance>();
  for await (const record of readRecords(path, TaskInstance)) {
    const { line } = record;
    if ('error' in record) rejected.push({ file: path, line, reason: reasonOf(path, record.error.message) });
    else if (instances.has(record.value.instance_id))
      rejected.push({
        file: path,
        line,
        reason: `duplicate instance ${record.value.instance_id}; the first one is used`,
      });
    else instances.set(record.value.instance_id, record.value);
  }
  return instances;
}

async function readPredictions(
  source: PredictionsSource,
  instances: Map<string, TaskInstance>,
  rejected: RejectedLine[],
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
    const reject = (reason: string) => rejected.push({ file: source, line: record.line, reason });
    if ('error' in record) reject(reasonOf(source, record.error.message));
    else if (!instances.has(record.value.instance_id))
      reject(`prediction for unknown instance ${record.value.instance_id}; skipped`);
    else if (seen.has(`${record.value.model_name_or_path}/${record.value.instance_id}`))
      reject(`duplicate prediction for ${record.value.instance_id}; skipped`);
    else {
      seen.add(`${record.value.model_name_or_path}/${record.value.instance_id}`);
      predictions.push(record.value);
    }
  }
  return predictions;
}

/** Reads instances and predictions, pairing them; bad lines are reported and the rest still run. */
export async function loadEvalInputs(instancesPath: string, source: PredictionsSource): Promise<EvalInputs> {
  const rejected: RejectedLine[] = [];
  const instances = await readInstances(instancesPath, rejected);
  const predictions = await readPredictions(source, instances, rejected);
  const items = predictions.map((prediction) => ({
    instance: instances.get(prediction.instance_id)!,
    prediction,
  }));
  return {
    items,
    instanceIds: [...instances.keys()],
    submittedIds: [...new Set(predictions.map((p) => p.instance_id))],
    rejected,
  };
}
