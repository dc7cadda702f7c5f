import type { SelectorName, TtsMetrics } from '../../../schema/tts.js';
import { aggregateRows } from './aggregate.js';
import { instanceMetrics, type InstanceRow } from './instance-metrics.js';
import type { TtsInputs } from './load-inputs.js';
import type { SubsetPolicy } from './subsets.js';

/** The ks reported when none are asked for. */
export const defaultKs = [1, 2, 4, 8, 16];

export interface MetricsOptions {
  /** What the candidates came from, as metrics.json records it. */
  source: string;
  scoresPath: string | null;
  ks: number[];
  policy: SubsetPolicy;
}

/** The selectors a run compares: the verifier only when scores were given. */
export function selectorsFor(hasScores: boolean): SelectorName[] {
  return hasScores ? ['verifier', 'random', 'majority', 'shortest'] : ['random', 'majority', 'shortest'];
}

/** Every metric of a run, and the per-instance rows they were averaged from. */
export function computeTtsMetrics(
  inputs: TtsInputs,
  options: MetricsOptions,
): { metrics: TtsMetrics; rows: InstanceRow[] } {
  const ks = [...new Set(options.ks)].sort((a, b) => a - b);
  const names = selectorsFor(options.scoresPath !== null);
  const rows = [...inputs.groups]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([id, candidates]) => instanceMetrics(id, candidates, ks, names, options.policy));
  const curve = aggregateRows(rows, ks, names);
  const all = [...inputs.groups.values()].flat();
  const sampled = rows.filter((row) => row.n > 0);
  const metrics: TtsMetrics = {
    source: options.source,
    scores_path: options.scoresPath,
    instances: rows.length,
    trajectories: all.length,
    resolved_trajectories: all.filter((c) => c.resolved).length,
    pass_at_1:
      sampled.length === 0
        ? null
        : sampled.reduce((sum, row) => sum + row.resolved / row.n, 0) / sampled.length,
    selectors: names,
    k: curve,
    bad_input: {
      ...inputs.counts,
      short_instances: Object.fromEntries(curve.map((at) => [String(at.k), at.short_instances])),
    },
    estimator: {
      exact_limit: options.policy.exactLimit,
      samples: options.policy.samples,
      seed: options.policy.seed,
    },
  };
  return { metrics, rows };
}
