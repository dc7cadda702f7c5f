import { TaskInstance } from '../schema/instance.js';
import { readRecords } from '../store/jsonl.js';

/** The instances of a JSONL or JSON file; a malformed record throws. */
export async function readInstances(path: string): Promise<TaskInstance[]> {
  const instances: TaskInstance[] = [];
  for await (const record of readRecords(path, TaskInstance)) {
    if ('error' in record) throw record.error;
    instances.push(record.value);
  }
  return instances;
}
