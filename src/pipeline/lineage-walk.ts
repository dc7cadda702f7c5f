import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { LegoError } from '../errors.js';
import type { Lineage } from '../schema/lineage.js';
import { jsonlRecords, recordIdentities } from './lineage.js';
import { ownOutputs, readPipelineRun, type SavedStage } from './status.js';
import type { RecordType } from './stages/types.js';

type JsonRecord = Record<string, unknown>;

/** One step back: the record `id` that `stage` wrote with `block`, made from `inputs`. */
export interface LineageHop {
  stage: string;
  /** `name@version` from the record's lineage; `source` for a commit or bug no stage wrote. */
  block: string;
  id: string;
  inputs: string[];
}

interface StageRecords {
  name: string;
  from: string[];
  /** Each record's lineage by id: all a walk needs, so a large output is not held in memory. */
  records: Map<string, Partial<Lineage>>;
}

const identities = recordIdentities as Partial<
  Record<RecordType, { id(r: JsonRecord): string | undefined; inputs(r: JsonRecord): string[] }>
>;

/** The pipeline run directories under `dir`: `dir` itself when it holds pipeline.json, else its children. */
async function pipelineDirs(dir: string): Promise<string[]> {
  if (existsSync(join(dir, 'pipeline.json'))) return [dir];
  const entries = existsSync(dir) ? await readdir(dir, { withFileTypes: true }) : [];
  return entries
    .filter((e) => e.isDirectory() && existsSync(join(dir, e.name, 'pipeline.json')))
    .map((e) => join(dir, e.name));
}

async function loadStages(pipelineDir: string): Promise<StageRecords[]> {
  const saved = await readPipelineRun(pipelineDir);
  const stages: StageRecords[] = [];
  for (const stage of saved.stages as SavedStage[]) {
    const records = new Map<string, Partial<Lineage>>();
    for (const [type, path] of ownOutputs(stage)) {
      const identity = identities[type];
      if (!identity) continue;
      for await (const record of jsonlRecords(path)) {
        const id = identity.id(record);
        if (id !== undefined) records.set(id, lineageOf(record, type));
      }
    }
    stages.push({ name: stage.name, from: stage.from ?? [], records });
  }
  return stages;
}

/** The record's lineage, or for a record written before lineage was stamped, its inputs by type. */
function lineageOf(record: JsonRecord, type: RecordType): Partial<Lineage> {
  const stamped = record['lineage'] as Lineage | undefined;
  return stamped ?? { inputs: identities[type]?.inputs(record) ?? [] };
}

function walk(stages: StageRecords[], stage: StageRecords, id: string, hops: LineageHop[]): void {
  const lineage = stage.records.get(id)!;
  const inputs = lineage.inputs ?? [];
  hops.push({ stage: stage.name, block: lineage.block ?? 'unknown', id, inputs });
  const upstream = stages.filter((s) => stage.from.includes(s.name));
  for (const input of inputs) {
    const next = upstream.find((s) => s.records.has(input));
    if (next) walk(stages, next, input, hops);
    else hops.push({ stage: 'source', block: 'source', id: input, inputs: [] });
  }
}

/**
 * Finds the record `id` in the stage outputs of the pipeline run under `dir` (a pipeline run directory
 * `<out>/<name>`, or the `--out` of `legofactory run`, searched in every pipeline under it), the latest
 * stage first, and walks its lineage back through every stage to its commit or bug: one hop per record,
 * depth first. An id no stage wrote is a `bad_input` error.
 */
export async function walkLineage(id: string, dir: string): Promise<LineageHop[]> {
  const dirs = await pipelineDirs(dir);
  if (dirs.length === 0) throw new LegoError('bad_input', `${dir}: no pipeline run (no pipeline.json)`);
  for (const pipelineDir of dirs) {
    const stages = await loadStages(pipelineDir);
    const start = [...stages].reverse().find((s) => s.records.has(id));
    if (!start) continue;
    const hops: LineageHop[] = [];
    walk(stages, start, id, hops);
    return hops;
  }
  throw new LegoError('bad_input', `no record "${id}" in the stage outputs under ${dir}`);
}
