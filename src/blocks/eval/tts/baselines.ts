import type { TaskInstance } from '../../../schema/instance.js';
import type { EvalReport } from '../../../schema/report.js';
import type { TtsCandidate } from './candidates.js';
import type { TtsInputs } from './load-inputs.js';

/** Evaluated gold and empty predictions: the two baselines every instance has without a model. */
export interface Baselines {
  instances: TaskInstance[];
  gold: EvalReport[];
  empty: EvalReport[];
}

/**
 * TTS inputs with two candidates per instance, sample 0 the gold patch and sample 1 the empty patch, each
 * with the verdict its eval run gave. An instance missing a report has fewer candidates, and is counted
 * as short at k = 2.
 */
export function baselineInputs(baselines: Baselines): TtsInputs {
  const verdicts = [
    { name: 'gold', reports: baselines.gold, patch: (i: TaskInstance) => i.patch },
    { name: 'empty', reports: baselines.empty, patch: () => '' },
  ];
  const groups = new Map<string, TtsCandidate[]>();
  for (const instance of baselines.instances) {
    const id = instance.instance_id;
    const candidates = verdicts.flatMap(({ name, reports, patch }, sample) => {
      const report = reports.find((r) => r.instance_id === id);
      if (!report) return [];
      const candidate = { instance_id: id, trajectory_id: `${id}#${name}`, sample, model: name };
      return [{ ...candidate, patch: patch(instance), resolved: report.resolved }];
    });
    groups.set(id, candidates);
  }
  const counts = {
    malformed_lines: 0,
    duplicated_samples: 0,
    unjudged_trajectories: 0,
    missing_scores: 0,
    duplicated_scores: 0,
    orphan_scores: 0,
  };
  return { groups, counts, problems: [] };
}
