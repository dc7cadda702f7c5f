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
      failedIds: ['g'],
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
});
