import { describe, expect, it } from 'vitest';
import type { Trajectory } from '../../schema/trajectory.js';
import { formatCounts, summarizeTrajectories } from './summary.js';
import { failures, judged, judgedSet } from './test-judged.js';

describe('summarizeTrajectories', () => {
  it('counts each judge status apart from unresolved, and failed items in the totals', () => {
    const summary = summarizeTrajectories(judgedSet(), failures);
    expect(summary).toMatchObject({
      total: 10,
      trajectories: 8,
      failed_items: 2,
      failure_codes: { sandbox_failed: 1, internal: 1 },
      instances: 9,
      resolved: 1,
      resolved_instances: 1,
      judge_counts: {
        resolved: 1,
        unresolved: 1,
        error: 1,
        invalid: 1,
        timeout: 1,
        patch_failed: 1,
        empty_patch: 1,
        no_verdict: 1,
      },
    });
  });

  it('leaves resolved trajectories that change test infrastructure out of resolved, counted apart', () => {
    const flag = (t: Trajectory): Trajectory => ({
      ...t,
      judgement: { ...t.judgement!, touches_test_infra: ['conftest.py'] },
    });
    const set = [judged('a', 'resolved'), flag(judged('b', 'resolved')), flag(judged('c', 'unresolved'))];
    expect(summarizeTrajectories(set)).toMatchObject({
      trajectories: 3,
      resolved: 1,
      resolved_instances: 1,
      excluded: { touches_test_infra: 1 },
      judge_counts: { resolved: 2, unresolved: 1 },
    });
    expect(summarizeTrajectories([judged('a', 'resolved')]).excluded).toEqual({});
  });

  it('counts no failed items when none are given', () => {
    expect(summarizeTrajectories([judged('a', 'unresolved')])).toMatchObject({
      total: 1,
      failed_items: 0,
      failure_codes: {},
      judge_counts: { unresolved: 1 },
    });
  });

  it('formats counts most frequent first', () => {
    expect(formatCounts({ error: 1, unresolved: 3, no_verdict: 1 })).toBe(
      '3 unresolved, 1 error, 1 no_verdict',
    );
    expect(formatCounts({})).toBe('none');
  });
});
