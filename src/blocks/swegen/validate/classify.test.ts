import { describe, expect, it } from 'vitest';
import { classifyTests } from './classify.js';

describe('classifyTests', () => {
  it('sorts tests by how every NOP and Oracle run agreed', () => {
    const nop = [
      {
        f2p: 'FAILED',
        p2p: 'PASSED',
        p2f: 'PASSED',
        flaky: 'PASSED',
        f2f: 'FAILED',
        skip: 'SKIPPED',
        xfail: 'XFAIL',
      },
      {
        f2p: 'ERROR',
        p2p: 'PASSED',
        p2f: 'PASSED',
        flaky: 'FAILED',
        f2f: 'FAILED',
        skip: 'SKIPPED',
        xfail: 'XFAIL',
      },
      { p2p: 'PASSED', p2f: 'PASSED', flaky: 'PASSED', f2f: 'FAILED', skip: 'SKIPPED', xfail: 'XFAIL' },
    ] as const;
    const oracle = [
      {
        f2p: 'PASSED',
        p2p: 'PASSED',
        p2f: 'FAILED',
        flaky: 'PASSED',
        f2f: 'FAILED',
        skip: 'SKIPPED',
        xfail: 'PASSED',
        fresh: 'PASSED',
      },
      {
        f2p: 'PASSED',
        p2p: 'PASSED',
        p2f: 'ERROR',
        flaky: 'PASSED',
        f2f: 'ERROR',
        skip: 'SKIPPED',
        xfail: 'PASSED',
        fresh: 'PASSED',
      },
      {
        f2p: 'PASSED',
        p2p: 'PASSED',
        flaky: 'PASSED',
        f2f: 'FAILED',
        skip: 'SKIPPED',
        xfail: 'PASSED',
        fresh: 'PASSED',
      },
    ] as const;
    expect(classifyTests([...nop], [...oracle])).toEqual({
      FAIL_TO_PASS: ['f2p', 'fresh'],
      PASS_TO_PASS: ['p2p', 'xfail'],
      flaky: ['flaky'],
      pass_to_fail: ['p2f'],
    });
  });

  it('calls a test flaky when the Oracle runs disagree, even if the NOP runs agree', () => {
    expect(classifyTests([{ t: 'FAILED' }, { t: 'FAILED' }], [{ t: 'PASSED' }, { t: 'FAILED' }])).toEqual({
      FAIL_TO_PASS: [],
      PASS_TO_PASS: [],
      flaky: ['t'],
      pass_to_fail: [],
    });
  });
});
