import { describe, expect, it } from 'vitest';
import type { TestStatus } from '../schema/test-run.js';
import { grade } from './grade.js';

const statuses: (TestStatus | 'missing')[] = ['PASSED', 'XFAIL', 'FAILED', 'ERROR', 'SKIPPED', 'missing'];
const runWith = (id: string, status: TestStatus | 'missing'): Record<string, TestStatus> =>
  status === 'missing' ? {} : { [id]: status };

describe('grade: one FAIL_TO_PASS test', () => {
  const expected = {
    PASSED: 'success',
    XFAIL: 'success',
    FAILED: 'failure',
    ERROR: 'failure',
    SKIPPED: 'failure',
    missing: 'failure',
  } as const;
  it.each(statuses)('%s', (status) => {
    const result = grade(runWith('t', status), { FAIL_TO_PASS: ['t'], PASS_TO_PASS: [] });
    const passed = expected[status] === 'success';
    expect(result.tests_status.FAIL_TO_PASS).toEqual(
      passed ? { success: ['t'], failure: [] } : { success: [], failure: ['t'] },
    );
    expect([result.resolution, result.resolved]).toEqual(passed ? ['FULL', true] : ['NO', false]);
  });
});

describe('grade: one PASS_TO_PASS test beside a passing FAIL_TO_PASS test', () => {
  const expected = {
    PASSED: ['success', 'FULL'],
    XFAIL: ['success', 'FULL'],
    FAILED: ['failure', 'NO'],
    ERROR: ['failure', 'NO'],
    SKIPPED: ['success', 'FULL'],
    missing: ['failure', 'NO'],
  } as const;
  it.each(statuses)('%s', (status) => {
    const tests = { f: 'PASSED', ...runWith('p', status) } as Record<string, TestStatus>;
    const result = grade(tests, { FAIL_TO_PASS: ['f'], PASS_TO_PASS: ['p'] });
    const [outcome, resolution] = expected[status];
    expect(result.tests_status.PASS_TO_PASS).toEqual({
      success: outcome === 'success' ? ['p'] : [],
      failure: outcome === 'failure' ? ['p'] : [],
    });
    expect(result.resolution).toBe(resolution);
  });
});

describe('grade: resolution', () => {
  const f2p = ['a', 'b'];
  const p2p = ['c'];
  it.each([
    ['every test passes', { a: 'PASSED', b: 'XFAIL', c: 'PASSED' }, 'FULL'],
    ['some FAIL_TO_PASS pass, PASS_TO_PASS kept', { a: 'PASSED', b: 'FAILED', c: 'PASSED' }, 'PARTIAL'],
    ['some FAIL_TO_PASS pass, PASS_TO_PASS broken', { a: 'PASSED', b: 'FAILED', c: 'ERROR' }, 'NO'],
    ['every FAIL_TO_PASS passes, PASS_TO_PASS broken', { a: 'PASSED', b: 'PASSED', c: 'FAILED' }, 'NO'],
    ['no FAIL_TO_PASS passes', { a: 'FAILED', b: 'SKIPPED', c: 'PASSED' }, 'NO'],
    [
      'only a skipped PASS_TO_PASS test besides passing ones',
      { a: 'PASSED', b: 'PASSED', c: 'SKIPPED' },
      'FULL',
    ],
  ] as const)('%s → %s', (_name, tests, resolution) => {
    const result = grade(tests, { FAIL_TO_PASS: f2p, PASS_TO_PASS: p2p });
    expect(result.resolution).toBe(resolution);
    expect(result.resolved).toBe(resolution === 'FULL');
  });

  it('counts empty lists as fully successful, as SWE-bench does', () => {
    expect(grade({}, { FAIL_TO_PASS: [], PASS_TO_PASS: [] })).toEqual({
      tests_status: {
        FAIL_TO_PASS: { success: [], failure: [] },
        PASS_TO_PASS: { success: [], failure: [] },
        FAIL_TO_FAIL: { success: [], failure: [] },
        PASS_TO_FAIL: { success: [], failure: [] },
      },
      resolution: 'FULL',
      resolved: true,
    });
  });
});

describe('grade: lists and ids', () => {
  it('grades FAIL_TO_FAIL and PASS_TO_FAIL like FAIL_TO_PASS when given, without touching resolution', () => {
    const tests: Record<string, TestStatus> = { f: 'PASSED', x: 'PASSED', y: 'FAILED', z: 'SKIPPED' };
    const result = grade(tests, {
      FAIL_TO_PASS: ['f'],
      PASS_TO_PASS: [],
      FAIL_TO_FAIL: ['x', 'y'],
      PASS_TO_FAIL: ['z'],
    });
    expect(result.tests_status.FAIL_TO_FAIL).toEqual({ success: ['x'], failure: ['y'] });
    expect(result.tests_status.PASS_TO_FAIL).toEqual({ success: [], failure: ['z'] });
    expect(result.resolution).toBe('FULL');
  });

  it('matches a truncated parametrised id when every test it prefixes agrees', () => {
    const tests: Record<string, TestStatus> = {
      't.py::test_a[log(photon)]': 'PASSED',
      't.py::test_a[log(photon)-2]': 'XFAIL',
      't.py::test_b[x-1]': 'PASSED',
      't.py::test_b[x-2]': 'FAILED',
    };
    const result = grade(tests, {
      FAIL_TO_PASS: ['t.py::test_a[log(photon', 't.py::test_b[x-'],
      PASS_TO_PASS: [],
    });
    expect(result.tests_status.FAIL_TO_PASS).toEqual({
      success: ['t.py::test_a[log(photon'],
      failure: ['t.py::test_b[x-'],
    });
  });

  it('does not prefix-match complete ids, nor see Object members as tests', () => {
    const tests: Record<string, TestStatus> = { 't.py::test_a[1]': 'PASSED' };
    const result = grade(tests, {
      FAIL_TO_PASS: ['t.py::test_a', 'constructor'],
      PASS_TO_PASS: ['toString'],
    });
    expect(result.tests_status.FAIL_TO_PASS.failure).toEqual(['t.py::test_a', 'constructor']);
    expect(result.tests_status.PASS_TO_PASS.failure).toEqual(['toString']);
  });
});
