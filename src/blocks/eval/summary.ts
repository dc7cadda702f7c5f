import type { EvalReport, EvalStatus, EvalSummary } from '../../schema/report.js';
import type { RejectedLine } from './inputs.js';

/** Statuses that count as a completed evaluation in SWE-bench's sense; the others are errors. */
const completedStatuses = new Set<EvalStatus>(['resolved', 'unresolved']);

/** An instance whose evaluation failed in this run without producing a report. */
export interface ItemFailure {
  instance_id: string;
  code: string;
  message: string;
}

export interface SummaryInput {
  /** Every instance id of the dataset. */
  instanceIds: string[];
  /** Ids of the instances that received a prediction. */
  submittedIds: string[];
  /** The report standing for each instance that has one (perhaps from an earlier run or config). */
  reports: EvalReport[];
  /** Instances whose standing report was computed under another config (a redo that did not replace it). */
  staleIds?: string[];
  /** Evaluations that failed in this run; a standing report, if any, was kept. */
  failures?: ItemFailure[];
  /** Submitted instances this run never started (it was interrupted first). */
  notStartedIds?: string[];
  rejectedLines?: RejectedLine[];
}

/** LegoFactory's additions to SWE-bench's summary. */
export interface SummaryExtras {
  status_counts: Record<string, number>;
  /** Submitted instances without a verdict of this run's config: `eval` exits 1 unless this is empty. */
  no_verdict_ids: string[];
  stale_ids: string[];
  failures: ItemFailure[];
  rejected_lines: RejectedLine[];
}

/**
 * SWE-bench's run summary (`schema_version: 2`): a patch that fails to apply, a time-out or an invalid
 * test run is an error instance, as it is there; so is an infrastructure failure with no report. Instances
 * without a prediction, and those an interrupt stopped, are incomplete. Every reported status is a
 * verdict; an instance has none when its evaluation failed in this run or its report is stale.
 */
export function summarize(input: SummaryInput): EvalSummary & SummaryExtras {
  const byId = new Map(input.reports.map((r) => [r.instance_id, r]));
  const submitted = new Set(input.submittedIds);
  const failures = input.failures ?? [];
  const failed = new Map(failures.map((f) => [f.instance_id, f]));
  const stopped = new Set(input.notStartedIds);
  for (const f of failures) if (f.code === 'interrupted') stopped.add(f.instance_id);
  const stale = new Set(input.staleIds);
  const ids = { completed: [], incomplete: [], empty: [], resolved: [], unresolved: [], error: [] } as Record<
    'completed' | 'incomplete' | 'empty' | 'resolved' | 'unresolved' | 'error',
    string[]
  >;
  for (const id of [...input.instanceIds].sort()) {
    const report = byId.get(id);
    if (!submitted.has(id) || (!report && stopped.has(id))) ids.incomplete.push(id);
    else if (report?.status === 'empty_patch') ids.empty.push(id);
    else if (report && completedStatuses.has(report.status)) {
      ids.completed.push(id);
      (report.resolved ? ids.resolved : ids.unresolved).push(id);
    } else ids.error.push(id);
  }
  const statusCounts: Record<string, number> = {};
  for (const report of input.reports) statusCounts[report.status] = (statusCounts[report.status] ?? 0) + 1;
  const unreported = ids.error.filter((id) => !byId.has(id)).length;
  if (unreported > 0) statusCounts['error'] = unreported;
  const noVerdict = [...submitted].filter((id) => !byId.has(id) || failed.has(id) || stale.has(id));
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
    no_verdict_ids: noVerdict.sort(),
    stale_ids: [...stale].sort(),
    failures: [...failures].sort((a, b) => (a.instance_id < b.instance_id ? -1 : 1)),
    rejected_lines: input.rejectedLines ?? [],
  };
}
