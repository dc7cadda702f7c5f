import { describe, expect, it } from 'vitest';
import { failures, judgedSet } from '../blocks/trajgen/test-judged.js';
import { summarizeTrajectories } from '../blocks/trajgen/summary.js';
import { formatTrajgenResult } from './trajgen-output.js';

describe('formatTrajgenResult', () => {
  it('prints the judge statuses apart from unresolved and counts failed items in the totals', () => {
    const trajectories = judgedSet();
    const text = formatTrajgenResult({
      outDir: '/runs/t',
      trajectoriesPath: '/runs/t/trajectories.jsonl',
      run: {
        block: 'trajgen',
        total: 10,
        done: 8,
        skipped: 0,
        failed: 2,
        interrupted: false,
        failures,
        duration_ms: 1,
      },
      summary: summarizeTrajectories(trajectories, failures),
      trajectories,
      isolation: 'bubblewrap',
      problems: [],
    });
    const lines = text.split('\n');
    expect(lines).toContain(
      'resolved 1/10 rollouts (8 trajectories, 2 failed items; 0 partial), 1/9 instances; 32 steps, 8 labelled as errors',
    );
    expect(lines).toContain(
      'judge: 1 empty_patch, 1 error, 1 invalid, 1 no_verdict, 1 patch_failed, 1 resolved, 1 timeout, 1 unresolved',
    );
    expect(lines).toContain('failed items: 1 internal, 1 sandbox_failed');
  });
});
