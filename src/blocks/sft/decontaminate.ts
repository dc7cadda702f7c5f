import { z } from 'zod';
import { LegoError } from '../../errors.js';
import { readRecords } from '../../store/jsonl.js';

const EvalEntry = z.looseObject({
  instance_id: z.string(),
  repo: z.string().optional(),
  base_commit: z.string().optional(),
});

/** The instances of evaluation sets (SWE-bench-style .jsonl or .json): their ids and `repo@base_commit`. */
export async function readEvalSets(paths: string[]): Promise<{ ids: string[]; commits: string[] }> {
  const ids = new Set<string>();
  const commits = new Set<string>();
  for (const path of paths) {
    for await (const record of readRecords(path, EvalEntry)) {
      if ('error' in record)
        throw new LegoError('bad_input', `cannot read the evaluation set: ${record.error.message}`);
      ids.add(record.value.instance_id);
      if (record.value.repo && record.value.base_commit)
        commits.add(`${record.value.repo}@${record.value.base_commit}`);
    }
  }
  return { ids: [...ids], commits: [...commits] };
}
