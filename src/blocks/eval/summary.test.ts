import { describe, expect, it } from 'vitest';
import type { EvalReport, EvalStatus } from '../../schema/report.js';
import { summarize } from './summary.js';

function report(id: string, status: EvalStatus): EvalReport {
  return {
    instance_id: id,
    model_name_or_path: 'm',
    status,
    message: '',
    patch_is_None: false,
    patch_exists: status !== 'empty_patch',
    patch_successfully_applied: !['empty_patch', 'patch_failed'].includes(status),
    apply_method: null,
    resolved: status === 'resolved',
    resolution: status === 'resolved' ? 'FULL' : 'NO',
    duration_ms: 1,
  };
}

describe('summarize', () => {
  it('sorts every instance into exactly one SWE-bench bucket', () => {
    const summary = summarize({
      instanceIds: ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'],
      submittedIds: ['a', 'b', 'c', 'd', 'e', 'f', 'g'],
      reports: [
        report('a', 'resolved'),
        report('b', 'unresolved'),
        report('c', 'empty_patch'),
        report('d', 'patch_failed'),
        report('e', 'timeout'),
        report('f', 'invalid'),
      ],
      failures: [{ instance_id: 'g', code: 'env_build_failed', message: 'no pip' }],
    });
    expect(summary).toMatchObject({
      total_instances: 8,
      submitted_instances: 7,
      completed_instances: 2,
      resolved_instances: 1,
      unresolved_instances: 1,
      empty_patch_instances: 1,
      error_instances: 4,
      resolved_ids: ['a'],
      unresolved_ids: ['b'],
      empty_patch_ids: ['c'],
      error_ids: ['d', 'e', 'f', 'g'],
      incomplete_ids: ['h'],
      schema_version: 2,
      no_verdict_ids: ['g'],
      rejected_lines: [],
    });
    expect(summary.status_counts).toEqual({
      resolved: 1,
      unresolved: 1,
      empty_patch: 1,
      patch_failed: 1,
      timeout: 1,
      invalid: 1,
      error: 1,
    });
  });

  it('lists instances an interrupt stopped as incomplete, and every submitted one without a verdict', () => {
    const summary = summarize({
      instanceIds: ['a', 'b', 'c', 'd', 'e', 'f'],
      submittedIds: ['a', 'b', 'c', 'd', 'e'],
      reports: [report('a', 'resolved'), report('b', 'timeout'), report('e', 'unresolved')],
      staleIds: ['e'],
      failures: [
        { instance_id: 'b', code: 'repo_unavailable', message: 'no such repo' },
        { instance_id: 'c', code: 'interrupted', message: 'run interrupted' },
      ],
      notStartedIds: ['d'],
      rejectedLines: [{ file: 'p.jsonl', line: 2, reason: 'invalid JSON' }],
    });
    expect(summary).toMatchObject({
      resolved_ids: ['a'],
      unresolved_ids: ['e'],
      error_ids: ['b'],
      incomplete_ids: ['c', 'd', 'f'],
      no_verdict_ids: ['b', 'c', 'd', 'e'],
      stale_ids: ['e'],
      rejected_lines: [{ file: 'p.jsonl', line: 2, reason: 'invalid JSON' }],
    });
    expect(summary.failures.map((f) => f.instance_id)).toEqual(['b', 'c']);
    expect(summary.status_counts).toEqual({ resolved: 1, timeout: 1, unresolved: 1 });
  });
});
