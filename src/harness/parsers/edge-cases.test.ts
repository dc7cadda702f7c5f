import { describe, expect, it } from 'vitest';
import { LegoError } from '../../errors.js';
import { parseJunit, parsers } from './index.js';

const plain = (map: object) => ({ ...map });

describe('pytest text parser', () => {
  it('reads summary lines anywhere when the log has no summary header, CRLF and rewrites included', () => {
    const log = [
      'PASSED t.py::test_a\r',
      'collecting ... 10%\rPASSED t.py::test_b',
      'SKIPPED [2] t.py:4: no reason',
      'ERROR t.py - ImportError',
      'FAILED t.py::test_c[x - y] - AssertionError: no',
    ].join('\n');
    expect(plain(parsers.pytest(log))).toStrictEqual({
      't.py::test_a': 'PASSED',
      't.py::test_b': 'PASSED',
      't.py::test_c[x - y]': 'FAILED',
    });
  });

  it('keeps FAILED over ERROR for one id whatever the order, and ids named like Object members', () => {
    const log =
      'ERROR t.py::f - teardown\nFAILED t.py::f - boom\nFAILED t.py::g\nERROR t.py::g\nPASSED t.py::constructor';
    const map = parsers.pytest(log);
    expect(plain(map)).toStrictEqual({
      't.py::f': 'FAILED',
      't.py::g': 'FAILED',
      't.py::constructor': 'PASSED',
    });
    expect(map['toString']).toBeUndefined();
  });
});

describe('vitest text parser', () => {
  it('drops locations, project names, durations and retry suffixes', () => {
    const log = [
      ' ✓ |unit| src/a.test.ts:3:5 > suite > works 12ms (retry x2)',
      ' × src/a.test.ts > suite > breaks 1ms',
      ' ↓ src/a.test.ts > suite > later 5ms',
      ' ✓ src/a.test.ts (3 tests) 20ms',
    ].join('\n');
    expect(plain(parsers.vitest(log))).toStrictEqual({
      'src/a.test.ts > suite > works': 'PASSED',
      'src/a.test.ts > suite > breaks': 'FAILED',
      'src/a.test.ts > suite > later 5ms': 'SKIPPED',
    });
  });
});

describe('jest parser', () => {
  it('finds nothing in a log without a complete result object', () => {
    expect(plain(parsers.jest('Tests: 1 failed\n{"numFailedTestSuites":1,"testResults":[{"name":'))).toEqual(
      {},
    );
  });

  it('keeps an absolute path when neither the root nor a header names the file', () => {
    const test = { ancestorTitles: [], title: 't', status: 'passed' };
    const report = {
      numFailedTestSuites: 0,
      testResults: [{ name: '/x/a.test.js', assertionResults: [test] }],
    };
    expect(plain(parsers.jest(JSON.stringify(report)))).toStrictEqual({ '/x/a.test.js > t': 'PASSED' });
    expect(plain(parsers.jest(JSON.stringify(report), { root: '/x/' }))).toStrictEqual({
      'a.test.js > t': 'PASSED',
    });
  });
});

describe('JUnit parser', () => {
  it('rejects malformed XML, as a report cut short by a timeout is', () => {
    expect(() =>
      parseJunit('<testsuites><testsuite name="pytest"><testcase classname="a" name="b">'),
    ).toThrow(LegoError);
  });

  it('walks nested suites and lets failure outrank error in one testcase', () => {
    const report = `<testsuites><testsuite name="outer"><testsuite name="inner">
      <testcase classname="src/a.test.ts" name="s &gt; t"><error/><failure/></testcase>
      <testcase classname="src/a.test.ts" name="s &gt; u"><error message="x"/></testcase>
    </testsuite></testsuite></testsuites>`;
    expect(plain(parseJunit(report))).toStrictEqual({
      'src/a.test.ts > s > t': 'FAILED',
      'src/a.test.ts > s > u': 'ERROR',
    });
  });

  it('rebuilds pytest node ids without a file attribute (xunit2) from the class names', () => {
    const report = `<testsuites><testsuite name="pytest">
      <testcase classname="pkg.tests.test_m.TestA.TestB" name="test_x[1]"/>
      <testcase classname="pkg.tests.test_m" name="test_y"><skipped type="pytest.xfail"/></testcase>
    </testsuite></testsuites>`;
    expect(plain(parseJunit(report))).toStrictEqual({
      'pkg/tests/test_m.py::TestA::TestB::test_x[1]': 'PASSED',
      'pkg/tests/test_m.py::test_y': 'XFAIL',
    });
  });
});

describe('mocha spec parser', () => {
  it('accepts the older ✓ mark and strips durations', () => {
    const log =
      '\n  suite\n    ✓ quick\n    ✓ slow one (250ms)\n    1) broken\n\n  2 passing (300ms)\n  1) suite\n';
    expect(plain(parsers.mocha(log))).toStrictEqual({
      'suite > quick': 'PASSED',
      'suite > slow one': 'PASSED',
      'suite > broken': 'FAILED',
    });
  });
});
