import { join } from 'node:path';
import type { z } from 'zod';
import type { PipOptions } from '../../env/pip-options.js';
import type { ProgressMode } from '../../progress.js';
import type { ProviderName } from '../../sandbox/index.js';
import type { MineRefresh } from '../../schema/swegen.js';
import type { TaskSandboxOptions } from '../../tasks/task-sandboxes.js';
import { concatInputs } from '../concat.js';

/** What flows between stages: each stage reads and writes files of these record types. */
export const recordTypes = [
  'candidates',
  'instances',
  'trajectories',
  'scores',
  'sft-dataset',
  'reports',
  'tts-report',
] as const;
export type RecordType = (typeof recordTypes)[number];

/** Files by record type: a stage's outputs, and the union of its upstreams' outputs as its inputs. */
export type RecordFiles = Partial<Record<RecordType, string[]>>;

/** A model endpoint as the pipeline's defaults give it; the key is read from `apiKeyEnv`, never written. */
export interface PipelineModel {
  baseUrl: string;
  model: string;
  apiKey?: string;
  apiKeyEnv?: string;
  format: 'native' | 'text';
}

/** What a stage runs with: its directory, its inputs, and the pipeline's resolved defaults. */
export interface StageContext {
  pipeline: string;
  stage: string;
  /** The stage's run directory, `<out>/<pipeline>/<stage>/`. */
  dir: string;
  /** The pipeline file's directory: relative paths in a stage's config are relative to it. */
  baseDir: string;
  inputs: RecordFiles;
  /** `owner/name` → local path or URL. */
  repos: Record<string, string>;
  sandbox: ProviderName;
  workers: number;
  cacheDir: string;
  pip?: PipOptions;
  model?: PipelineModel;
  redo: boolean;
  /** Mine only the history after each repository's cursor (`run --refresh`). */
  refresh?: boolean;
  progress: ProgressMode;
  signal?: AbortSignal;
  log: (line: string) => void;
}

/** What a stage produced: its output files and the counts its summary line prints. */
export interface StageOutcome {
  outputs: RecordFiles;
  counts: Record<string, number>;
  /** What a refresh mined per repository (a mine stage under `run --refresh`). */
  refresh?: MineRefresh;
}

/** One kind of stage: its config schema, the records it reads and writes, and how it runs. */
export interface StageKind<C extends z.ZodType = z.ZodType> {
  description: string;
  config: C;
  /** Record types it needs from its upstreams (all of them), and those it also takes when present. */
  reads: { required: RecordType[]; optional: RecordType[] };
  writes: (config: z.output<C>) => RecordType[];
  /** Takes its whole input at once (a reduce stage, one store item); its counts name the records it read. */
  reduce?: { recordsIn: string };
  execute: (ctx: StageContext, config: z.output<C>) => Promise<StageOutcome>;
}

/** Types a stage kind, keeping its config schema's own type. */
export function defineStage<C extends z.ZodType>(kind: StageKind<C>): StageKind<C> {
  return kind;
}

/** The task-sandbox options every sandboxed stage shares. */
export function stageTasks(ctx: StageContext): Omit<TaskSandboxOptions, 'provider'> {
  return {
    cacheDir: ctx.cacheDir,
    repos: ctx.repos,
    envOverrides: {},
    runId: `${ctx.pipeline}-${ctx.stage}`,
    ...(ctx.pip ? { pip: ctx.pip } : {}),
  };
}

/**
 * What every block run shares: workers, redo, progress, signal. In a pipeline the file is the truth, so a
 * stage whose config changed recomputes its items (`configChange: 'recompute'`) instead of refusing.
 */
export function stageRun(ctx: StageContext) {
  return {
    workers: ctx.workers,
    redo: ctx.redo,
    configChange: 'recompute',
    progress: ctx.progress,
    ...(ctx.signal ? { signal: ctx.signal } : {}),
  } as const;
}

/** The stage's input of one type as one file: the upstream's own, or several concatenated into `dir`. */
export async function inputFile(ctx: StageContext, type: RecordType): Promise<string> {
  return concatInputs(
    ctx.inputs[type] ?? [],
    join(ctx.dir, `input-${type}.jsonl`),
    `${ctx.stage}: no ${type}`,
  );
}

/** A block run's item counts: computed now, resumed from an earlier run, failed. */
export function runCounts(run: { done: number; skipped: number; failed: number }) {
  return { done: run.done, skipped: run.skipped, failed: run.failed };
}
