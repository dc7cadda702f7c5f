import type { RunSummary } from '../../../runner.js';
import type { TaskInstance } from '../../../schema/instance.js';
import type { StrategyYield, ValidationRecord, YieldLedger } from '../../../schema/swegen.js';
import type { ProbeRecord, SynthBug, SynthResult, SynthStrategy } from '../../../schema/synth.js';
import { countReasons } from '../ledger.js';

/** Everything a synthesis run counted; `validation` only when it validated. */
export interface SynthTally {
  strategies: SynthStrategy[];
  results: SynthResult[];
  /** Rejections made outside generation (combine's conflicts), by strategy. */
  extraRejections: SynthResult['rejected'];
  bugs: SynthBug[];
  probes: ProbeRecord[];
  runs: { generate: RunSummary; probe: RunSummary };
  validation?: { records: ValidationRecord[]; instances: TaskInstance[] };
}

function add(counts: Map<string, number>, reason: string, count = 1) {
  counts.set(reason, (counts.get(reason) ?? 0) + count);
}

function strategyRow(strategy: SynthStrategy, tally: SynthTally): StrategyYield {
  const strategyOf = new Map(tally.bugs.map((bug) => [bug.instance_id, bug.strategy]));
  const mine = (id: string) => strategyOf.get(id) === strategy;
  const reasons = new Map<string, number>();
  for (const r of [...tally.results.flatMap((result) => result.rejected), ...tally.extraRejections])
    if (r.strategy === strategy) add(reasons, r.reason, r.count);
  const probes = tally.probes.filter((p) => p.strategy === strategy);
  for (const p of probes) if (p.status === 'rejected') add(reasons, p.reason ?? 'rejected');
  const { validation } = tally;
  const valid = validation ? validation.instances.filter((i) => mine(i.instance_id)).length : null;
  const validIds = new Set(validation?.instances.map((i) => i.instance_id));
  for (const record of validation?.records ?? []) {
    if (!mine(record.instance_id)) continue;
    if (record.reason) add(reasons, record.reason);
    else if (!validIds.has(record.instance_id)) add(reasons, 'gate_unresolved');
  }
  const usages = [...tally.results.map((r) => r.usage[strategy]), ...probes.map((p) => p.usage)];
  const sum = (key: 'prompt_tokens' | 'completion_tokens' | 'cost_usd') =>
    usages.reduce((n, u) => n + (u?.[key] ?? 0), 0);
  return {
    strategy,
    candidates: tally.bugs.filter((bug) => bug.strategy === strategy).length,
    probed: probes.filter((p) => p.status === 'kept').length,
    valid,
    rejections: [...reasons]
      .map(([reason, count]) => ({ reason, count }))
      .sort((a, b) => b.count - a.count || (a.reason < b.reason ? -1 : 1)),
    prompt_tokens: sum('prompt_tokens'),
    completion_tokens: sum('completion_tokens'),
    cost_usd: sum('cost_usd'),
  };
}

/**
 * The synthesis part of the yield ledger: the `synth` stage (bugs made of all attempts) and the `probe`
 * stage (bugs that broke a test), their rejections, item failures, and one row per strategy.
 */
export function synthLedger(tally: SynthTally): YieldLedger {
  const generationRejections = [...tally.results.flatMap((r) => r.rejected), ...tally.extraRejections];
  const rejectedCount = generationRejections.reduce((n, r) => n + r.count, 0);
  const kept = tally.probes.filter((p) => p.status === 'kept').length;
  return {
    stages: [
      {
        stage: 'synth',
        input: tally.bugs.length + rejectedCount,
        output: tally.bugs.length,
        failed: 0,
        duration_ms: tally.runs.generate.duration_ms,
      },
      {
        stage: 'probe',
        input: tally.bugs.length,
        output: kept,
        failed: tally.bugs.length - tally.probes.length,
        duration_ms: tally.runs.probe.duration_ms,
      },
    ],
    rejections: [
      ...countReasons(
        'synth',
        generationRejections.flatMap((r) => Array<string>(r.count).fill(r.reason)),
      ),
      ...countReasons(
        'probe',
        tally.probes.flatMap((p) => (p.reason ? [p.reason] : [])),
      ),
    ],
    flaky: { tests: 0, instances: 0 },
    env_failures: [],
    failures: [
      ...tally.runs.generate.failures.map((f) => ({ stage: 'synth', ...f })),
      ...tally.runs.probe.failures.map((f) => ({ stage: 'probe', ...f })),
    ],
    test_ms: 0,
    item_ms: 0,
    strategies: tally.strategies.map((strategy) => strategyRow(strategy, tally)),
  };
}
