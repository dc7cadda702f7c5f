import { formatTable } from '../../format-table.js';
import type { YieldLedger } from '../../schema/swegen.js';
import { formatStrategies, mergeStrategies } from './synth/strategy-table.js';

export type { YieldLedger } from '../../schema/swegen.js';

/** A ledger with nothing in it. */
export function emptyLedger(): YieldLedger {
  return {
    stages: [],
    rejections: [],
    flaky: { tests: 0, instances: 0 },
    env_failures: [],
    failures: [],
    test_ms: 0,
    item_ms: 0,
  };
}

/** One ledger holding the stages of several runs in order (mine, then validate and its gate). */
export function combineLedgers(...ledgers: YieldLedger[]): YieldLedger {
  const all = emptyLedger();
  for (const ledger of ledgers) {
    all.stages.push(...ledger.stages);
    all.rejections.push(...ledger.rejections);
    all.flaky.tests += ledger.flaky.tests;
    all.flaky.instances += ledger.flaky.instances;
    all.env_failures.push(...ledger.env_failures);
    all.failures.push(...ledger.failures);
    all.test_ms += ledger.test_ms;
    all.item_ms += ledger.item_ms;
    if (ledger.strategies) all.strategies = mergeStrategies(all.strategies ?? [], ledger.strategies);
  }
  return all;
}

/** Counts of `reasons` as ledger rejections of `stage`, most frequent first. */
export function countReasons(stage: string, reasons: Iterable<string>): YieldLedger['rejections'] {
  const counts = new Map<string, number>();
  for (const reason of reasons) counts.set(reason, (counts.get(reason) ?? 0) + 1);
  return [...counts]
    .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1))
    .map(([reason, count]) => ({ stage, reason, count }));
}

const seconds = (ms: number) => (ms / 1000).toFixed(1);
const firstLine = (text: string) => (text.split('\n')[0] ?? '').slice(0, 160);

/** The ledger as the tables the CLI prints: stages, rejections by reason, then flakes, environments, time. */
export function formatLedger(ledger: YieldLedger): string {
  const stages = [['stage', 'in', 'out', 'rejected', 'failed', 'seconds']];
  for (const s of ledger.stages)
    stages.push([
      s.stage,
      `${s.input}`,
      `${s.output}`,
      `${s.input - s.output - s.failed}`,
      `${s.failed}`,
      seconds(s.duration_ms),
    ]);
  const lines = [formatTable(stages)];
  if (ledger.rejections.length > 0) {
    const rows = [['stage', 'rejected because', 'count']];
    for (const r of ledger.rejections) rows.push([r.stage, r.reason, `${r.count}`]);
    lines.push('', formatTable(rows));
  }
  if (ledger.strategies && ledger.strategies.length > 0) lines.push('', formatStrategies(ledger.strategies));
  lines.push('', `flaky tests excluded: ${ledger.flaky.tests} (in ${ledger.flaky.instances} candidates)`);
  for (const env of ledger.env_failures)
    lines.push(
      `environment failed to build: ${env.env} (${env.candidates} candidates): ${firstLine(env.message)}`,
    );
  for (const f of ledger.failures)
    lines.push(`${f.stage} failed: ${f.key}: ${f.code}: ${firstLine(f.message)}`);
  if (ledger.item_ms > 0) {
    const share = (1 - ledger.test_ms / ledger.item_ms) * 100;
    lines.push(
      `validation time: ${seconds(ledger.item_ms)} s over candidates, ${seconds(ledger.test_ms)} s in test commands ` +
        `(${share.toFixed(0)}% outside them)`,
    );
  }
  return lines.join('\n');
}
