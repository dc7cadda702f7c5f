import { describe, expect, it } from 'vitest';
import { TaskInstance } from './instance.js';

const base = {
  instance_id: 'acme__calc-1',
  repo: 'acme/calc',
  base_commit: 'a'.repeat(40),
  patch: 'diff',
  test_patch: 'diff',
};

describe('TaskInstance', () => {
  it('accepts FAIL_TO_PASS as a JSON-encoded string and writes it as a list', () => {
    const parsed = TaskInstance.parse({ ...base, FAIL_TO_PASS: '["t::a", "t::b"]', PASS_TO_PASS: '[]' });
    expect(parsed.FAIL_TO_PASS).toEqual(['t::a', 't::b']);
    expect(JSON.parse(JSON.stringify(parsed)).PASS_TO_PASS).toEqual([]);
  });

  it('keeps unknown SWE-bench fields', () => {
    const parsed = TaskInstance.parse({ ...base, FAIL_TO_PASS: [], difficulty: '<15 min fix' });
    expect(parsed['difficulty']).toBe('<15 min fix');
  });

  it('rejects a test list that is neither a list nor JSON', () => {
    const result = TaskInstance.safeParse({ ...base, FAIL_TO_PASS: 'not json' });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toContain('JSON-encoded list');
  });
});
