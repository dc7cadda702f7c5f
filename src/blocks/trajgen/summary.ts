import { sumUsage } from '../../llm/ledger.js';
import type { Trajectory, TrajectoryUsage } from '../../schema/trajectory.js';

/** A rollout run in numbers. */
export interface TrajgenSummary {
  trajectories: number;
  instances: number;
  resolved: number;
  partial: number;
  /** Instances with at least one resolved trajectory. */
  resolved_instances: number;
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

export function summarizeTrajectories(trajectories: Trajectory[]): TrajgenSummary {
  const steps = trajectories.flatMap((t) => t.steps);
  return {
    trajectories: trajectories.length,
    instances: new Set(trajectories.map((t) => t.instance_id)).size,
    resolved: trajectories.filter((t) => t.resolved).length,
    partial: trajectories.filter((t) => t.partial).length,
    resolved_instances: new Set(trajectories.filter((t) => t.resolved).map((t) => t.instance_id)).size,
    status_counts: countBy(trajectories, (t) => t.status),
    steps: steps.length,
    error_steps: countBy(steps, (step) => step.error),
    usage: sumUsage(trajectories.map((t) => t.usage)),
  };
}
