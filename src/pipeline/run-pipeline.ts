import { join } from 'node:path';
import { LegoError } from '../errors.js';
import type { ProgressMode } from '../progress.js';
import { writeJson } from '../store/jsonl.js';
import { withUpstream } from './dag.js';
import type { PipelineDefaults } from './file.js';
import type { LoadedPipeline } from './load.js';
import { appendRefreshEntry, mergedRefresh, nothingNewLine, previousStages } from './refresh-ledger.js';
import { stampStage } from './lineage.js';
import { resolveRepos } from './repos.js';
import { resolveSettings, type PipelineSettings } from './settings.js';
import { stageKinds } from './stages/index.js';
import type { RecordFiles, StageContext, StageKind, StageOutcome } from './stages/types.js';

export interface PipelineRunOptions {
  /** Run directories go to `<outDir>/<pipeline name>/<stage>/`. */
  outDir: string;
  /** Run only these stages (and the stages they read from, which resume); all when absent. */
  stages?: string[];
  /** Force these stages to recompute every item. */
  redo?: string[];
  /**
   * Mine only each repository's history after its cursor and send the new candidates down; append an entry
   * to `<outDir>/<name>/refresh.jsonl`. When mining found no new candidates, no later stage runs.
   */
  refresh?: boolean;
  /** Settings that win over the file's `defaults` (the CLI's --sandbox, --workers, --cache). */
  overrides?: Partial<Pick<PipelineDefaults, 'sandbox' | 'workers' | 'cache_dir'>>;
  /** The environment (for the cache location and the model key), passed in explicitly. */
  env: Record<string, string | undefined>;
  progress?: ProgressMode;
  signal?: AbortSignal;
  log?: (line: string) => void;
}

/** One stage as run: where, on what, with what result. */
export interface StageRecord extends StageOutcome {
  name: string;
  block: string;
  from: string[];
  dir: string;
  seconds: number;
}

export interface PipelineRun {
  name: string;
  dir: string;
  sandbox: string;
  stages: StageRecord[];
  /** Whether an interrupt stopped the run before every stage ran. */
  interrupted: boolean;
  /** A refresh that mined nothing new: the later stages did not run (their records are the last run's). */
  nothingNew?: boolean;
}

function checkNames(loaded: LoadedPipeline, names: string[], flag: string): void {
  const unknown = names.filter((name) => !(name in loaded.file.stages));
  if (unknown.length > 0)
    throw new LegoError(
      'bad_input',
      `${flag}: unknown stage ${unknown.map((n) => `"${n}"`).join(', ')}; the stages are ${loaded.order.join(', ')}`,
    );
}

/** A stage's summary line: its counts and time. */
export function formatStageLine(stage: StageRecord): string {
  const counts = Object.entries(stage.counts).map(([key, n]) => `${key} ${n}`);
  return `${stage.name} (${stage.block}): ${counts.join(', ') || 'done'} in ${stage.seconds.toFixed(1)} s`;
}

const noneNew = (stages: StageRecord[]) => mergedRefresh(stages).new_candidates === 0;

function inputsOf(from: string[], done: Map<string, StageRecord>): RecordFiles {
  const inputs: RecordFiles = {};
  for (const up of from)
    for (const [type, files] of Object.entries(done.get(up)?.outputs ?? {}))
      inputs[type as keyof RecordFiles] = [...(inputs[type as keyof RecordFiles] ?? []), ...files];
  return inputs;
}

/**
 * Runs a checked pipeline: each stage in topological order in its own run directory, fed the output
 * files of the stages it reads from. Blocks resume by key and config hash, so a re-run does no work
 * where nothing changed. Writes `<outDir>/<name>/pipeline.json` after every stage.
 */
export async function runPipeline(loaded: LoadedPipeline, options: PipelineRunOptions): Promise<PipelineRun> {
  const { file } = loaded;
  checkNames(loaded, options.stages ?? [], '--stages');
  checkNames(loaded, options.redo ?? [], '--redo');
  const log = options.log ?? (() => {});
  const settings: PipelineSettings = await resolveSettings(
    { ...file.defaults, ...options.overrides },
    loaded.baseDir,
    options.env,
  );
  const repos = await resolveRepos(file.repos, loaded.baseDir, settings.cacheDir);
  log(`sandbox: ${settings.sandbox} (${settings.sandboxReason})`);
  const order = options.stages ? withUpstream(file, loaded.order, options.stages) : loaded.order;
  const dir = join(options.outDir, file.name);
  const run: PipelineRun = {
    name: file.name,
    dir,
    sandbox: settings.sandbox,
    stages: [],
    interrupted: false,
  };
  const done = new Map<string, StageRecord>();
  const before = options.refresh ? await previousStages(dir) : [];
  const mineStages = order.filter((name) => file.stages[name]!.block === 'swegen-mine');
  // What ran, as run: the settings after the CLI's overrides (never the model's key), the repositories.
  const { sandbox, workers, cacheDir } = settings;
  const used = { sandbox, workers, cache_dir: cacheDir, model: settings.model?.model ?? null };
  const save = () =>
    writeJson(join(dir, 'pipeline.json'), {
      file: loaded.path,
      pipeline: file,
      settings: used,
      repos,
      order,
      ...run,
    });
  for (const name of order) {
    if (options.signal?.aborted) {
      run.interrupted = true;
      break;
    }
    const stage = file.stages[name]!;
    const ctx: StageContext = {
      pipeline: file.name,
      stage: name,
      dir: join(dir, name),
      baseDir: loaded.baseDir,
      inputs: inputsOf(stage.from, done),
      repos,
      sandbox: settings.sandbox,
      workers: settings.workers,
      cacheDir: settings.cacheDir,
      ...(settings.pip ? { pip: settings.pip } : {}),
      ...(settings.model ? { model: settings.model } : {}),
      redo: options.redo?.includes(name) ?? false,
      ...(options.refresh ? { refresh: true } : {}),
      progress: options.progress ?? 'auto',
      ...(options.signal ? { signal: options.signal } : {}),
      log,
    };
    const started = performance.now();
    const kind = stageKinds[stage.block] as StageKind;
    const result = await kind.execute(ctx, stage.config);
    await stampStage({ ...ctx, block: stage.block, config: stage.config }, result.outputs);
    const record = {
      name,
      block: stage.block,
      from: stage.from,
      dir: ctx.dir,
      ...result,
      seconds: (performance.now() - started) / 1000,
    };
    done.set(name, record);
    run.stages.push(record);
    log(formatStageLine(record));
    await save();
    const lastMine = options.refresh && name === mineStages.at(-1) && !options.signal?.aborted;
    if (lastMine && noneNew(run.stages)) {
      run.nothingNew = true;
      log(nothingNewLine(run.stages));
      break;
    }
  }
  if (run.nothingNew) {
    // The stages after mining stand as the last run left them.
    const kept = before.filter((stage) => !done.has(stage.name) && order.includes(stage.name));
    run.stages.push(...(kept as StageRecord[]));
  }
  if (options.refresh && !run.interrupted)
    await appendRefreshEntry(dir, [...done.values()], before, run.nothingNew ?? false);
  await save();
  return run;
}
