import { sumUsage } from '../../llm/ledger.js';
import type { RunSummary } from '../../progress.js';
import type { Trajectory, TrajectoryUsage } from '../../schema/trajectory.js';

/** A rollout run in numbers. */
export interface TrajgenSummary {
  /** Rollouts attempted: trajectories written plus failed items. */
  total: number;
  trajectories: number;
  /** Items the runner recorded as failed: no trajectory was written for them. */
  failed_items: number;
  /** Failed items by error code. */
  failure_codes: Record<string, number>;
  /** Distinct instances among the trajectories and the failed items. */
  instances: number;
  /** Resolved trajectories kept as data: resolved, and the final patch changes no test infrastructure. */
  resolved: number;
  partial: number;
  /** Instances with at least one kept resolved trajectory. */
  resolved_instances: number;
  /**
   * Resolved trajectories left out of `resolved`, by reason: `touches_test_infra` when the final patch
   * changes test infrastructure (its verdict came with those edits reverted, but the data would teach them).
   */
  excluded: Record<string, number>;
  /**
   * Trajectories by the judge's status (resolved, unresolved, empty_patch, patch_failed, timeout, invalid,
   * error), and `no_verdict` where the judge gave none: only `unresolved` means the tests ran and failed.
   */
  judge_counts: Record<string, number>;
  status_counts: Record<string, number>;
  steps: number;
  /** Steps labelled as errors, by label. */
  error_steps: Record<string, number>;
  usage: TrajectoryUsage;
}

function countBy<T>(items: T[], key: (item: T) => string | null): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) {
    const name = key(item);
    if (name !== null) counts[name] = (counts[name] ?? 0) + 1;
  }
  return counts;
}

/** The instance id of a trajgen item key (`<instance_id>#<sample>`). */
const instanceOfKey = (key: string) => key.replace(/#\d+$/, '');

const touchesTestInfra = (t: Trajectory) => (t.judgement?.touches_test_infra ?? []).length > 0;

export function summarizeTrajectories(
  trajectories: Trajectory[],
  failures: RunSummary['failures'] = [],
): TrajgenSummary {
  const steps = trajectories.flatMap((t) => t.steps);
  const kept = trajectories.filter((t) => t.resolved && !touchesTestInfra(t));
  const flagged = trajectories.filter((t) => t.resolved && touchesTestInfra(t)).length;
  const instances = new Set([
    ...trajectories.map((t) => t.instance_id),
    ...failures.map((f) => instanceOfKey(f.key)),
  ]);
  return {
    total: trajectories.length + failures.length,
    trajectories: trajectories.length,
    failed_items: failures.length,
    failure_codes: countBy(failures, (f) => f.code),
    instances: instances.size,
    resolved: kept.length,
    partial: trajectories.filter((t) => t.partial).length,
    resolved_instances: new Set(kept.map((t) => t.instance_id)).size,
    excluded: flagged > 0 ? { touches_test_infra: flagged } : {},
    judge_counts: countBy(trajectories, (t) => t.judgement?.status ?? 'no_verdict'),
    status_counts: countBy(trajectories, (t) => t.status),
    steps: steps.length,
    error_steps: countBy(steps, (step) => step.error),
    usage: sumUsage(trajectories.map((t) => t.usage)),
  };
}

/** `3 unresolved, 1 error, 1 no_verdict`, most frequent first; `none` when empty. */
export function formatCounts(counts: Record<string, number>): string {
  const entries = Object.entries(counts).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  return entries.length === 0 ? 'none' : entries.map(([name, n]) => `${n} ${name}`).join(', ');
}
