import { join } from 'node:path';
import Docker from 'dockerode';
import { ensureDaemon } from '../../sandbox/docker-daemon.js';
import { LegoError } from '../../errors.js';
import { configHash } from '../../pipeline/config-hash.js';
import { runStage, type ItemEvent } from '../../pipeline/run-stage.js';
import { mapStage } from '../../pipeline/stage.js';
import type { RunSummary } from '../../progress.js';
import type { ProgressMode } from '../../progress.js';
import { EvalReport } from '../../schema/report.js';
import { writeJson } from '../../store/jsonl.js';
import { openRunStore, type RunStore } from '../../store/run-store.js';
import { evalBlock, type EvalConfig, type EvalItem } from './index.js';
import { formatRejected, loadEvalInputs, type PredictionsSource, type RejectedLine } from './inputs.js';
import { publishArtifacts, reconcileArtifacts } from './publish.js';
import { summarize, type ItemFailure } from './summary.js';

export interface EvalRunOptions extends EvalConfig {
  instancesPath: string;
  predictions: PredictionsSource;
  outDir: string;
  runId: string;
  workers?: number;
  redo?: boolean;
  signal?: AbortSignal;
  progress?: ProgressMode;
  /** The stage's name in the run directory (default `eval`). */
  stageName?: string;
  /** `recompute`: a changed config recomputes this stage instead of being refused (default `refuse`). */
  configChange?: 'refuse' | 'recompute';
}

export interface EvalRunResult {
  runDir: string;
  summary: ReturnType<typeof summarize>;
  run: RunSummary;
  reports: EvalReport[];
  /** Input lines not evaluated (malformed, unknown instances, duplicates), as `file:line: reason`. */
  problems: string[];
  rejected: RejectedLine[];
}

/** Evaluates predictions against instances, resuming a run with the same id, and writes summary.json. */
export async function runEval(options: EvalRunOptions): Promise<EvalRunResult> {
  const inputs = await loadEvalInputs(options.instancesPath, options.predictions);
  const models = [...new Set(inputs.items.map((item) => item.prediction.model_name_or_path))];
  if (models.length > 1)
    throw new LegoError(
      'bad_input',
      `predictions name ${models.length} models (${models.join(', ')}); evaluate one model per run`,
    );
  if (options.sandbox === 'docker') await ensureDaemon(new Docker());
  const runDir = join(options.outDir, options.runId);
  const store = openRunStore(runDir);
  const stage = options.stageName ?? evalBlock.name;
  try {
    reconcileArtifacts(store, stage);
    const {
      instancesPath: _i,
      predictions: _p,
      outDir: _o,
      runId: _r,
      workers,
      redo,
      signal,
      progress,
      stageName: _s,
      configChange,
      ...rest
    } = options;
    const config: EvalConfig = { ...rest, runEmptyPatches: options.predictions === 'empty' };
    const heard = new Set<string>();
    const onItem = (event: ItemEvent) => {
      heard.add(event.key);
      const report = event.status === 'done' ? EvalReport.parse(event.output) : undefined;
      if (report) publishArtifacts(store, stage, event.key, report);
    };
    const { run, outputs: reports } = await runStage(mapStage(evalBlock), inputs.items, {
      store,
      config,
      stageName: stage,
      ...(configChange ? { configChange } : {}),
      workers: workers ?? 1,
      redo: redo ?? false,
      ...(signal ? { signal } : {}),
      progress: progress ?? 'auto',
      onItem,
    });
    const hash = configHash(evalBlock, config);
    const outcomes = outcomesOf({ store, stage, items: inputs.items, run, hash, heard });
    const summary = summarize({
      instanceIds: inputs.instanceIds,
      submittedIds: inputs.submittedIds,
      reports,
      ...outcomes,
      rejectedLines: inputs.rejected,
    });
    await writeJson(join(runDir, 'summary.json'), summary);
    const problems = inputs.rejected.map(formatRejected);
    return { runDir, summary, run, reports, problems, rejected: inputs.rejected };
  } finally {
    store.close();
  }
}

interface Outcomes {
  store: RunStore;
  stage: string;
  items: EvalItem[];
  run: RunSummary;
  hash: string;
  heard: Set<string>;
}

/** Each item's standing (stale when its report was computed under another config), failure, or absence. */
function outcomesOf({ store, stage, items, run, hash, heard }: Outcomes) {
  const staleIds: string[] = [];
  const notStartedIds: string[] = [];
  const failures: ItemFailure[] = [];
  const failed = new Map(run.failures.map((f) => [f.key, f]));
  for (const item of items) {
    const key = evalBlock.key(item);
    const id = item.instance.instance_id;
    const state = store.item(stage, key);
    if (state?.status === 'done' && state.config_hash !== hash) staleIds.push(id);
    if (!heard.has(key)) notStartedIds.push(id);
    const failure = failed.get(key);
    if (failure) failures.push({ instance_id: id, code: failure.code, message: failure.message });
  }
  return { staleIds, notStartedIds, failures };
}
