import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { LegoError } from '../errors.js';
import { jsonlRecords, recordIdentities } from './lineage.js';
import { readStageStore, stageStoreDir } from './stage-store.js';
import { stageKinds, type StageKindName } from './stages/index.js';
import type { RecordFiles, RecordType } from './stages/types.js';

type JsonRecord = Record<string, unknown>;

/** One stage as `status` reports it. */
export interface StageStatus {
  name: string;
  block: string;
  /**
   * Items the stage's last run was given: done + skipped + failed; for a reduce stage, which takes its whole
   * input at once as one item (sft-build, eval-tts), the records it read.
   */
  items_in: number;
  /** Items computed by the last run. */
  done: number;
  /** Items done in an earlier run and not recomputed. */
  skipped: number;
  failed: number;
  /** Records in the stage's own output files. */
  out: number;
  seconds: number;
  /** Model cost recorded on the stage's records (trajectories, synthetic candidates, verifier scores). */
  cost_usd: number;
  /** Rejections from the stage's yield ledger by reason, and failed items as `failed:<code>`. */
  reasons: Record<string, number>;
}

/** The whole pipeline's funnel, and what a valid instance and a resolved trajectory cost. */
export interface Funnel {
  commits: number;
  candidates: number;
  instances: number;
  trajectories: number;
  resolved: number;
  sft_samples: number;
  cost_usd: number;
  cost_per_instance: number | null;
  cost_per_resolved: number | null;
}

export interface PipelineStatus {
  stages: StageStatus[];
  funnel: Funnel;
}

/** The part of `pipeline.json` status reads. */
export interface SavedStage {
  name: string;
  block: string;
  from?: string[];
  dir: string;
  outputs: RecordFiles;
  counts: Record<string, number>;
  seconds: number;
}

/** Reads `<dir>/pipeline.json`; a directory without one is a clear error. */
export async function readPipelineRun(dir: string): Promise<{ name: string; stages: SavedStage[] }> {
  const path = join(dir, 'pipeline.json');
  if (!existsSync(path))
    throw new LegoError(
      'bad_input',
      `${dir}: no pipeline.json; give a pipeline run directory (<out>/<name>)`,
    );
  return JSON.parse(await readFile(path, 'utf8')) as { name: string; stages: SavedStage[] };
}

/** The stage's own output files (not an upstream's file it passes on), by record type. */
export function ownOutputs(stage: SavedStage): [RecordType, string][] {
  return (Object.entries(stage.outputs) as [RecordType, string[]][]).flatMap(([type, files]) =>
    files
      .filter((f) => f.startsWith(stage.dir + sep) && existsSync(f))
      .map((f) => [type, f] as [RecordType, string]),
  );
}

const costTypes = new Set<RecordType>(['candidates', 'trajectories', 'scores']);

function costOf(record: JsonRecord): number {
  const usage = (record['usage'] ?? (record['source'] as JsonRecord | undefined)?.['usage']) as
    JsonRecord | undefined;
  return typeof usage?.['cost_usd'] === 'number' ? usage['cost_usd'] : 0;
}

async function ledgerOf(dir: string): Promise<JsonRecord | undefined> {
  const storeDir = stageStoreDir(dir);
  const path = storeDir && join(storeDir, 'summary.json');
  if (!path || !existsSync(path)) return undefined;
  return (JSON.parse(await readFile(path, 'utf8')) as { ledger?: JsonRecord }).ledger;
}

/** Records of one type across a run's stages, and how many of them say `resolved: true`. */
type Tally = Map<RecordType, { records: number; resolved: number }>;

async function stageStatus(stage: SavedStage) {
  const tally: Tally = new Map();
  const namespaces = readStageStore(stage.dir);
  const main = namespaces.find((n) => n.name === stage.block) ?? namespaces[0];
  const { counts } = stage;
  const done = counts['done'] ?? main?.done ?? 0;
  const skipped = counts['skipped'] ?? 0;
  const failed = counts['failed'] ?? main?.failed ?? 0;
  const reduce = stageKinds[stage.block as StageKindName]?.reduce;
  const itemsIn = reduce ? (counts[reduce.recordsIn] ?? 0) : done + skipped + failed;
  const ledger = await ledgerOf(stage.dir);
  const reasons: Record<string, number> = {};
  for (const { reason, count } of (ledger?.['rejections'] ?? []) as { reason: string; count: number }[])
    reasons[reason] = (reasons[reason] ?? 0) + count;
  for (const [code, n] of Object.entries(main?.failures ?? {})) reasons[`failed:${code}`] = n;
  let out = 0;
  let cost = 0;
  for (const [type, path] of ownOutputs(stage)) {
    // A report file (eval-tts's metrics JSON) is one record.
    if (!(type in recordIdentities)) {
      out += 1;
      continue;
    }
    const counted = tally.get(type) ?? { records: 0, resolved: 0 };
    for await (const record of jsonlRecords(path)) {
      counted.records++;
      if (record['resolved'] === true) counted.resolved++;
      if (costTypes.has(type)) cost += costOf(record);
    }
    tally.set(type, counted);
    out += counted.records;
  }
  const commits = ((ledger?.['stages'] ?? []) as { stage: string; input: number }[])
    .filter((s) => s.stage === 'mine')
    .reduce((sum, s) => sum + s.input, 0);
  const status: StageStatus = {
    name: stage.name,
    block: stage.block,
    items_in: itemsIn,
    done,
    skipped,
    failed,
    out,
    seconds: stage.seconds,
    cost_usd: cost,
    reasons,
  };
  // A synth stage that validates its own candidates writes only instances; its counts keep the candidates.
  const candidates = Math.max(counts['candidates'] ?? 0, tally.get('candidates')?.records ?? 0);
  return { status, commits, candidates, tally };
}

/** Each stage's counts, reasons, time and cost, and the funnel, read from the run's stores and files. */
export async function pipelineStatus(dir: string): Promise<PipelineStatus> {
  const saved = await readPipelineRun(dir);
  const tally: Tally = new Map();
  const stages: StageStatus[] = [];
  let commits = 0;
  let candidates = 0;
  for (const stage of saved.stages) {
    const result = await stageStatus(stage);
    stages.push(result.status);
    commits += result.commits;
    candidates += result.candidates;
    for (const [type, { records, resolved }] of result.tally) {
      const sum = tally.get(type) ?? { records: 0, resolved: 0 };
      tally.set(type, { records: sum.records + records, resolved: sum.resolved + resolved });
    }
  }
  const count = (type: RecordType) => tally.get(type)?.records ?? 0;
  const cost = stages.reduce((sum, s) => sum + s.cost_usd, 0);
  const instances = count('instances');
  const resolved = tally.get('trajectories')?.resolved ?? 0;
  const per = (n: number) => (n === 0 ? null : cost / n);
  return {
    stages,
    funnel: {
      commits,
      candidates,
      instances,
      trajectories: count('trajectories'),
      resolved,
      sft_samples: count('sft-dataset'),
      cost_usd: cost,
      cost_per_instance: per(instances),
      cost_per_resolved: per(resolved),
    },
  };
}
