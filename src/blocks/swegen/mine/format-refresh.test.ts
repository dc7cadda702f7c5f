import { describe, expect, it } from 'vitest';
import { formatRefresh } from './format-refresh.js';

const a = 'a'.repeat(40);
const b = 'b'.repeat(40);
const reason = 'repo_unavailable: source path of acme/two does not exist: /x';

describe('formatRefresh', () => {
  it('says when there is nothing new', () => {
    const text = formatRefresh({
      new_commits: 0,
      new_candidates: 0,
      repos_mined: 0,
      repos_unchanged: 2,
      repos_skipped: 0,
      repos: [],
    });
    expect(text.split('\n')[0]).toBe('refresh: no new commits in 2 repositories, nothing mined');
  });

  it('lists each repository with its cursor, head, counts and reason', () => {
    const text = formatRefresh({
      new_commits: 3,
      new_candidates: 1,
      repos_mined: 1,
      repos_unchanged: 0,
      repos_skipped: 1,
      repos: [
        {
          repo: 'acme/one',
          status: 'mined',
          cursor_before: a,
          head_after: b,
          force_pushed: true,
          new_commits: 3,
          new_candidates: 1,
        },
        {
          repo: 'acme/two',
          status: 'unreachable',
          cursor_before: a,
          head_after: null,
          new_commits: 0,
          new_candidates: 0,
          error: { code: 'repo_unavailable', message: 'source path of acme/two does not exist: /x\nmore' },
        },
      ],
    });
    expect(text.split('\n')).toEqual([
      'refresh: 3 new commits, 1 new candidates; 1 repositories mined, 0 unchanged, 1 skipped',
      '',
      'repo      status                cursor        head          new commits  new candidates  reason',
      '--------  --------------------  ------------  ------------  -----------  --------------  ' +
        '-'.repeat(reason.length),
      `acme/one  mined (force-pushed)  ${'a'.repeat(12)}  ${'b'.repeat(12)}  3            1`,
      `acme/two  unreachable           ${'a'.repeat(12)}  -             0            0               ${reason}`,
    ]);
  });
});
