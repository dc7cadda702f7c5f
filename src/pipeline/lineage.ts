import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { sep } from 'node:path';
import { z } from 'zod';
import type { Lineage } from '../schema/lineage.js';
import { readRecords } from '../store/jsonl.js';
import { configHash } from './config-hash.js';
import { mainNamespace } from './stage-store.js';
import type { RecordFiles, RecordType } from './stages/types.js';

type JsonRecord = Record<string, unknown>;

/** How one record type is identified, and which records (or sources) it was made from. */
interface RecordIdentity {
  /** The record's id, or undefined when the record is not of this shape (a non-`messages` export). */
  id(record: JsonRecord): string | undefined;
  inputs(record: JsonRecord): string[];
}

const str = (value: unknown) => (typeof value === 'string' ? value : undefined);
const field = (name: string) => (record: JsonRecord) => str(record[name]);

/**
 * Where a task came from: a mined one from `owner/name@commit`, a synthetic one from the commit it was
 * synthesized at plus `bug:<id>`.
 */
function taskSources(record: JsonRecord): string[] {
  const source = (record['source'] ?? {}) as JsonRecord;
  const commit = str(source['commit']) ?? str(record['base_commit']) ?? '';
  const origin = `${str(record['repo'])}@${commit}`;
  const kind = str(source['kind']) ?? 'real';
  return kind.startsWith('synthetic:') ? [origin, `bug:${str(record['instance_id'])}`] : [origin];
}

/** Each record type a stage writes as JSONL, by its id field. */
export const recordIdentities = {
  candidates: { id: field('instance_id'), inputs: taskSources },
  // A validated instance comes from the candidate of the same id, or straight from its source when the
  // synth stage validates its own candidates.
  instances: {
    id: field('instance_id'),
    inputs: (r) =>
      str((r['source'] as JsonRecord)?.['kind'])?.startsWith('synthetic:')
        ? taskSources(r)
        : [`${str(r['instance_id'])}`],
  },
  trajectories: { id: field('trajectory_id'), inputs: (r) => [`${str(r['instance_id'])}`] },
  scores: {
    id: (r) => str(r['trajectory_id']) && `score:${str(r['trajectory_id'])}`,
    inputs: (r) => [`${str(r['trajectory_id'])}`],
  },
  'sft-dataset': {
    id: (r) => (str(r['trajectory_id']) ? str(r['sample_id']) : undefined),
    inputs: (r) => [`${str(r['trajectory_id'])}`],
  },
  reports: {
    id: (r) => str(r['instance_id']) && `report:${str(r['instance_id'])}`,
    inputs: (r) => [`${str(r['instance_id'])}`],
  },
} satisfies Partial<Record<RecordType, RecordIdentity>>;

export type LineageBase = Omit<Lineage, 'inputs'>;

const JsonObject = z.record(z.string(), z.unknown());

/** Streams the JSON objects of a stage's JSONL output; a line that is not one fails with its place. */
export async function* jsonlRecords(path: string): AsyncGenerator<JsonRecord> {
  for await (const record of readRecords(path, JsonObject)) {
    if ('error' in record) throw record.error;
    yield record.value;
  }
}

/**
 * Rewrites one file with `lineage` on every record, streaming through a temp file and a rename; a file
 * holding a record of a shape the type does not know is left exactly as it is.
 */
async function stampFile(path: string, identity: RecordIdentity, base: LineageBase): Promise<void> {
  const temp = `${path}.lineage-tmp`;
  const out = createWriteStream(temp);
  let known = true;
  try {
    for await (const r of jsonlRecords(path)) {
      if (identity.id(r) === undefined) {
        known = false;
        break;
      }
      const line = `${JSON.stringify({ ...r, lineage: { ...base, inputs: identity.inputs(r) } })}\n`;
      if (!out.write(line)) await once(out, 'drain');
    }
  } finally {
    out.end();
    await finished(out);
  }
  if (known) await rename(temp, path);
  else await rm(temp, { force: true });
}

/**
 * Stamps `lineage` on every record of a stage's JSONL outputs. Records of a shape the type does not know
 * (an SFT export other than `messages`, a TTS report) are left exactly as they are, so no training format
 * gains a field.
 */
export async function stampLineage(outputs: RecordFiles, base: LineageBase): Promise<void> {
  for (const [type, files] of Object.entries(outputs) as [RecordType, string[]][]) {
    const identity: RecordIdentity | undefined = (
      recordIdentities as Partial<Record<RecordType, RecordIdentity>>
    )[type];
    if (identity) for (const path of files) await stampFile(path, identity, base);
  }
}

/**
 * Stamps the files a pipeline stage wrote in its own directory (not an upstream's file it passes on) with
 * the pipeline, the stage, and `block@version` and config hash as its run store recorded them; a stage
 * with no run store gets `<block>@unversioned` and the hash of its pipeline config.
 */
export async function stampStage(
  stage: { pipeline: string; stage: string; dir: string; block: string; config: unknown },
  outputs: RecordFiles,
): Promise<void> {
  const recorded = mainNamespace(stage.dir, stage.block);
  const own: RecordFiles = {};
  for (const [type, files] of Object.entries(outputs) as [RecordType, string[]][])
    own[type] = files.filter((path) => path.startsWith(stage.dir + sep));
  await stampLineage(own, {
    pipeline: stage.pipeline,
    stage: stage.stage,
    block: recorded ? `${recorded.name}@${recorded.version}` : `${stage.block}@unversioned`,
    config_hash: recorded?.config_hash ?? configHash({ name: stage.block, version: '' }, stage.config),
  });
}
