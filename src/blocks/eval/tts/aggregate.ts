import type { SelectorName, SubsetMethod, TtsAtK } from '../../../schema/tts.js';
import type { InstanceAtK, InstanceRow } from './instance-metrics.js';

const mean = (values: number[]) =>
  values.length === 0 ? null : values.reduce((sum, v) => sum + v, 0) / values.length;

function subsetMethod(cells: InstanceAtK[]): SubsetMethod {
  return {
    method: cells.some((cell) => cell.subsets.method === 'sampled') ? 'sampled' : 'exact',
    subsets: Math.max(0, ...cells.map((cell) => cell.subsets.subsets)),
  };
}

/** The metrics at one k over the instances that have k usable trajectories; each selector over its own. */
function atK(rows: InstanceRow[], k: number, names: SelectorName[]): TtsAtK {
  const cells = rows.flatMap((row) => (row.at[k] ? [row.at[k]] : []));
  const best_at_k: TtsAtK['best_at_k'] = {};
  for (const name of names) {
    const values = cells.flatMap((cell) =>
      cell.best_at_k[name] === undefined ? [] : [cell.best_at_k[name]],
    );
    best_at_k[name] = { rate: mean(values), instances: values.length };
  }
  return {
    k,
    instances: cells.length,
    short_instances: rows.length - cells.length,
    missing_score_instances: names.includes('verifier')
      ? rows.filter((row) => row.at[k] && row.missing_scores > 0).length
      : 0,
    pass_at_k: mean(cells.map((cell) => cell.pass_at_k)),
    best_at_k,
    subsets: subsetMethod(cells),
  };
}

/** The run's curve: one entry per k. */
export function aggregateRows(rows: InstanceRow[], ks: number[], names: SelectorName[]): TtsAtK[] {
  return ks.map((k) => atK(rows, k, names));
}
