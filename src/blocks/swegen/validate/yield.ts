import type { EvalRunResult } from '../../eval/run-eval.js';
import type { RunSummary } from '../../../runner.js';
import type { ValidationRecord, YieldLedger } from '../../../schema/swegen.js';
import { countReasons } from '../ledger.js';

/** Environments that failed to build, once each, with how many candidates they took down. */
function envFailures(records: ValidationRecord[]): YieldLedger['env_failures'] {
  const byEnv = new Map<string, YieldLedger['env_failures'][number]>();
  for (const record of records) {
    if (record.reason !== 'env_build_failed') continue;
    const env = record.env_id ?? 'unknown';
    const entry = byEnv.get(env) ?? { env, message: record.message, candidates: 0 };
    entry.candidates += 1;
    byEnv.set(env, entry);
  }
  return [...byEnv.values()];
}

export interface ValidateYield {
  /** Candidate lines read, repeated ids included. */
  candidates: number;
  /** Ids of the candidate lines skipped as repeats of an earlier instance_id. */
  duplicates?: string[];
  records: ValidationRecord[];
  run: RunSummary;
  gate?: EvalRunResult;
}

/** The ledger of a validation run: the validate and gate stages, rejections, flakes, environments, time. */
export function validateLedger({
  candidates,
  duplicates = [],
  records,
  run,
  gate,
}: ValidateYield): YieldLedger {
  const kept = records.filter((r) => r.status === 'kept');
  const gateReports = gate?.reports ?? [];
  const gateRejected = gateReports.filter((r) => !r.resolved).map((r) => `gate_${r.status}`);
  const flakyRecords = records.filter((r) => r.flaky.length > 0);
  return {
    stages: [
      {
        stage: 'validate',
        input: candidates,
        output: kept.length,
        failed: candidates - duplicates.length - records.length,
        duration_ms: run.duration_ms,
      },
      {
        stage: 'gate',
        input: kept.length,
        output: gateReports.filter((r) => r.resolved).length,
        failed: kept.length - gateReports.length,
        duration_ms: gate?.run.duration_ms ?? 0,
      },
    ],
    rejections: [
      ...countReasons('validate', [
        ...records.flatMap((r) => (r.reason ? [r.reason] : [])),
        ...duplicates.map(() => 'duplicate_id'),
      ]),
      ...countReasons('gate', gateRejected),
    ],
    flaky: { tests: flakyRecords.reduce((n, r) => n + r.flaky.length, 0), instances: flakyRecords.length },
    env_failures: envFailures(records),
    failures: [
      ...run.failures.map((f) => ({ stage: 'validate', ...f })),
      ...(gate?.run.failures ?? []).map((f) => ({ stage: 'gate', ...f })),
    ],
    test_ms: records.reduce((ms, r) => ms + r.timing.test_ms, 0),
    item_ms: records.reduce((ms, r) => ms + r.timing.total_ms, 0),
  };
}
