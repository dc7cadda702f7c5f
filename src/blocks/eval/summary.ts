import type { EvalReport, EvalStatus, EvalSummary } from '../../schema/report.js';

/** Statuses that count as a completed evaluation in SWE-bench's sense; the others are errors. */
const completedStatuses = new Set<EvalStatus>(['resolved', 'unresolved']);

export interface SummaryInput {
  /** Every instance id of the dataset. */
  instanceIds: string[];
  /** Ids of the instances that received a prediction. */
  submittedIds: string[];
  reports: EvalReport[];
  /** Ids whose evaluation failed before producing a report (infrastructure errors). */
  failedIds: string[];
}

/**
 * SWE-bench's run summary (`schema_version: 2`): a patch that fails to apply, a time-out or an invalid
 * test run is an error instance, as it is there. `status_counts` is LegoFactory's addition.
 */
export function summarize(input: SummaryInput): EvalSummary & { status_counts: Record<string, number> } {
  const byId = new Map(input.reports.map((r) => [r.instance_id, r]));
  const submitted = new Set(input.submittedIds);
  const ids = { completed: [], incomplete: [], empty: [], resolved: [], unresolved: [], error: [] } as Record<
    'completed' | 'incomplete' | 'empty' | 'resolved' | 'unresolved' | 'error',
    string[]
  >;
  for (const id of [...input.instanceIds].sort()) {
    const report = byId.get(id);
    if (!submitted.has(id)) ids.incomplete.push(id);
    else if (report?.status === 'empty_patch') ids.empty.push(id);
    else if (report && completedStatuses.has(report.status)) {
      ids.completed.push(id);
      (report.resolved ? ids.resolved : ids.unresolved).push(id);
    } else ids.error.push(id);
  }
  const statusCounts: Record<string, number> = {};
  for (const report of input.reports) statusCounts[report.status] = (statusCounts[report.status] ?? 0) + 1;
  if (input.failedIds.length > 0)
    statusCounts['error'] = (statusCounts['error'] ?? 0) + input.failedIds.length;
  return {
    total_instances: input.instanceIds.length,
    submitted_instances: submitted.size,
    completed_instances: ids.completed.length,
    resolved_instances: ids.resolved.length,
    unresolved_instances: ids.unresolved.length,
    empty_patch_instances: ids.empty.length,
    error_instances: ids.error.length,
    completed_ids: ids.completed,
    incomplete_ids: ids.incomplete,
    empty_patch_ids: ids.empty,
    submitted_ids: [...submitted].sort(),
    resolved_ids: ids.resolved,
    unresolved_ids: ids.unresolved,
    error_ids: ids.error,
    unstopped_instances: 0,
    unstopped_containers: [],
    unremoved_images: [],
    schema_version: 2,
    status_counts: statusCounts,
  };
}
