import { z } from 'zod';

/**
 * Where a record came from: the pipeline and stage that wrote it, the block and config it was computed
 * with, and the ids of the records it was made from (a commit or bug at the source). An extra field
 * that SWE-bench, LLaMA-Factory and OpenAI readers ignore.
 */
export const Lineage = z.object({
  pipeline: z.string().describe('the pipeline file name, or the command for a one-stage run'),
  stage: z.string().describe('the stage that wrote the record'),
  block: z.string().describe('`name@version` of the block or reducer'),
  config_hash: z.string().describe('sha256 of the stage config that decides results'),
  inputs: z
    .array(z.string())
    .describe('ids of the input records (instance_id, trajectory_id, ...; owner/name@commit at a source)'),
});
export type Lineage = z.infer<typeof Lineage>;
