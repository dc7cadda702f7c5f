import { join } from 'node:path';
import Docker from 'dockerode';
import { ensureDaemon } from '../../sandbox/docker-daemon.js';
import { LegoError } from '../../errors.js';
import { runBlock, type RunSummary } from '../../runner.js';
import type { ProgressMode } from '../../progress.js';
import { EvalReport } from '../../schema/report.js';
import { writeJson } from '../../store/jsonl.js';
import { openRunStore } from '../../store/run-store.js';
import { evalBlock, type EvalConfig } from './index.js';
import { loadEvalInputs, type PredictionsSource } from './inputs.js';
import { summarize } from './summary.js';

export interface EvalRunOptions extends Omit<EvalConfig, 'runDir'> {
  instancesPath: string;
  predictions: PredictionsSource;
  outDir: string;
  runId: string;
  workers?: number;
  redo?: boolean;
  signal?: AbortSignal;
  progress?: ProgressMode;
}

export interface EvalRunResult {
  runDir: string;
  summary: ReturnType<typeof summarize>;
  run: RunSummary;
  reports: EvalReport[];
  /** Input problems (malformed lines, unknown instances) reported and skipped. */
  problems: string[];
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
  try {
    const {
      instancesPath: _i,
      predictions: _p,
      outDir: _o,
      runId: _r,
      workers,
      redo,
      signal,
      progress,
      ...config
    } = options;
    const run = await runBlock(evalBlock, inputs.items, {
      store,
      config: { ...config, runDir, runEmptyPatches: options.predictions === 'empty' },
      workers: workers ?? 1,
      redo: redo ?? false,
      ...(signal ? { signal } : {}),
      progress: progress ?? 'auto',
    });
    const reports: EvalReport[] = [];
    const failedIds: string[] = [];
    for (const item of inputs.items) {
      const state = store.item(evalBlock.name, evalBlock.key(item));
      if (state?.status === 'done') reports.push(EvalReport.parse(state.output));
      else failedIds.push(item.instance.instance_id);
    }
    const summary = summarize({
      instanceIds: inputs.instanceIds,
      submittedIds: inputs.submittedIds,
      reports,
      failedIds,
    });
    await writeJson(join(runDir, 'summary.json'), summary);
    return { runDir, summary, run, reports, problems: inputs.problems };
  } finally {
    store.close();
  }
}
