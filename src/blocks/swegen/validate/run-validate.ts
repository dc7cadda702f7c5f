import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { EvalRunResult } from '../../eval/run-eval.js';
import type { ProgressMode } from '../../../progress.js';
import type { RunSummary } from '../../../progress.js';
import { runStage } from '../../../pipeline/run-stage.js';
import { mapStage } from '../../../pipeline/stage.js';
import type { TaskInstance } from '../../../schema/instance.js';
import type { ValidationRecord } from '../../../schema/swegen.js';
import { Candidate, type YieldLedger } from '../../../schema/swegen.js';
import { readRecords, writeJson } from '../../../store/jsonl.js';
import { openRunStore } from '../../../store/run-store.js';
import { runGate } from './gate.js';
import { validateBlock, type ValidateConfig } from './index.js';
import { validateLedger } from './yield.js';

export interface ValidateRunOptions extends ValidateConfig {
  candidatesPath: string;
  /** Where the instances that passed validation and the gate go (JSONL). */
  outPath: string;
  /** The run directory: state, per-candidate logs, the gate's eval run, summary.json. */
  runDir: string;
  workers?: number;
  redo?: boolean;
  signal?: AbortSignal;
  progress?: ProgressMode;
  /** The stage's name in the run directory (default `swegen-validate`). */
  stageName?: string;
  /** `recompute`: a changed config recomputes this stage instead of being refused (default `refuse`). */
  configChange?: 'refuse' | 'recompute';
}

export interface ValidateRunResult {
  runDir: string;
  outPath: string;
  /** The emitted instances, in candidate order. */
  instances: TaskInstance[];
  records: ValidationRecord[];
  run: RunSummary;
  gate?: EvalRunResult;
  ledger: YieldLedger;
  /** Malformed candidate lines, reported and skipped. */
  problems: string[];
  /** Ids of candidates skipped because an earlier line had the same instance_id, once per extra line. */
  duplicates: string[];
}

/** The candidates, the first of each instance_id only, with the malformed lines and the repeated ids. */
async function readCandidates(path: string) {
  const candidates: Candidate[] = [];
  const problems: string[] = [];
  const duplicates: string[] = [];
  const seen = new Set<string>();
  for await (const record of readRecords(path, Candidate)) {
    if (!('value' in record)) problems.push(record.error.message);
    else if (seen.has(record.value.instance_id)) duplicates.push(record.value.instance_id);
    else {
      seen.add(record.value.instance_id);
      candidates.push(record.value);
    }
  }
  return { candidates, problems, duplicates, lines: candidates.length + duplicates.length };
}

async function validateAll(candidates: Candidate[], options: ValidateRunOptions) {
  const store = openRunStore(options.runDir);
  const { sandbox, runs, timeoutMs, tasks } = options;
  const { run, outputs: records } = await runStage(mapStage(validateBlock), candidates, {
    store,
    config: { sandbox, runs, timeoutMs, tasks },
    workers: options.workers ?? 1,
    redo: options.redo ?? false,
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.stageName ? { stageName: options.stageName } : {}),
    ...(options.configChange ? { configChange: options.configChange } : {}),
    progress: options.progress ?? 'auto',
  }).finally(() => store.close());
  return { run, records };
}

/**
 * `swegen validate`: NOP and Oracle runs for every candidate (resumable), then the final gate, gold
 * through `legofactory eval` in fresh sandboxes, on the kept ones. Writes the instances that pass both to
 * `outPath`, and the run's summary with its yield ledger to `runDir/summary.json`.
 */
export async function validateCandidates(options: ValidateRunOptions): Promise<ValidateRunResult> {
  const { candidates, problems, duplicates, lines } = await readCandidates(options.candidatesPath);
  const { run, records } = await validateAll(candidates, options);
  const kept = records.flatMap((r) => (r.status === 'kept' && r.instance ? [r.instance] : []));
  const gate =
    kept.length === 0 || options.signal?.aborted
      ? undefined
      : await runGate(kept, {
          ...options,
          workers: options.workers ?? 1,
          redo: options.redo ?? false,
          progress: options.progress ?? 'auto',
        });
  const resolved = new Set(gate?.reports.filter((r) => r.resolved).map((r) => r.instance_id));
  const instances = kept.filter((instance) => resolved.has(instance.instance_id));
  await mkdir(dirname(options.outPath), { recursive: true });
  await writeFile(options.outPath, instances.map((i) => `${JSON.stringify(i)}\n`).join(''));
  const ledger = validateLedger({ candidates: lines, duplicates, records, run, ...(gate ? { gate } : {}) });
  await writeJson(join(options.runDir, 'summary.json'), {
    run,
    gate: gate?.summary ?? null,
    ledger,
    problems,
    duplicates,
  });
  return {
    runDir: options.runDir,
    outPath: options.outPath,
    instances,
    records,
    run,
    ...(gate ? { gate } : {}),
    ledger,
    problems,
    duplicates,
  };
}
