import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseJunit, parsers, type ParseContext, type StatusMap } from './index.js';

/** Fixture logs are real runs made by fixtures/generate.sh, decoded as the sandbox decodes output. */
function fixture(path: string): string {
  return new TextDecoder('utf-8').decode(readFileSync(new URL(`fixtures/${path}`, import.meta.url)));
}

const pytestIds = (statuses: Record<string, string>) =>
  Object.fromEntries(Object.entries(statuses).map(([test, status]) => [`tests/${test}`, status]));

const pytestJunit: StatusMap = pytestIds({
  'test_basic.py::test_pass': 'PASSED',
  'test_basic.py::test_fail': 'FAILED',
  'test_basic.py::test_error': 'ERROR',
  'test_basic.py::test_skip': 'SKIPPED',
  'test_basic.py::test_skip_inside': 'SKIPPED',
  'test_basic.py::test_xfail': 'XFAIL',
  'test_basic.py::test_xpass': 'PASSED',
  'test_basic.py::test_xpass_strict': 'FAILED',
  'test_basic.py::test_param[1-2]': 'PASSED',
  'test_basic.py::test_param[3-4]': 'FAILED',
  'test_basic.py::test_param[x y-z::w]': 'PASSED',
  'test_basic.py::test_param[\\xe9-[br]]': 'PASSED',
  'test_basic.py::test_param[a - b-c]': 'PASSED',
  'test_basic.py::TestGroup::test_method': 'PASSED',
  'test_basic.py::TestGroup::test_method_fail': 'FAILED',
  'test_basic.py::TestGroup::TestNested::test_deep': 'PASSED',
  'sub/test_more.py::test_other': 'PASSED',
  'sub/test_child.py::TestChild::test_inherited': 'PASSED',
  'test_teardown.py::test_fails_then_teardown_errors': 'FAILED',
  'test_teardown.py::test_passes_then_teardown_errors': 'ERROR',
}) as StatusMap;

/** pytest's `-rA` summary names skipped tests by file:line only, so the text parser cannot see them. */
const pytestText: StatusMap = Object.fromEntries(
  Object.entries(pytestJunit).filter(([, status]) => status !== 'SKIPPED'),
);

const vitestRun: StatusMap = {
  'src/math.test.ts > math > adds': 'PASSED',
  'src/math.test.ts > math > fails to add': 'FAILED',
  'src/math.test.ts > math > is skipped': 'SKIPPED',
  'src/math.test.ts > math > is a todo': 'SKIPPED',
  'src/math.test.ts > math > inner > param 1 -> 2': 'PASSED',
  'src/math.test.ts > math > inner > param 3 -> 4': 'FAILED',
  'src/math.test.ts > top level test': 'PASSED',
  'src/math.test.ts > takes 5ms': 'PASSED',
  'src/nested/other.test.ts > other > with arrow > throws an error': 'FAILED',
  'src/nested/other.test.ts > other > with arrow > passes with "quotes" & <angles>': 'PASSED',
  'src/nested/all-pass.test.ts > passes alone': 'PASSED',
};

const jestRun: StatusMap = {
  'src/math.test.js > math > adds': 'PASSED',
  'src/math.test.js > math > fails to add': 'FAILED',
  'src/math.test.js > math > is skipped': 'SKIPPED',
  'src/math.test.js > math > is a todo': 'SKIPPED',
  'src/math.test.js > math > inner > param 1 -> 2': 'PASSED',
  'src/math.test.js > math > inner > param 3 -> 4': 'FAILED',
  'src/math.test.js > top level test': 'PASSED',
  'src/nested/other.test.js > other > with arrow > throws an error': 'FAILED',
  'src/nested/other.test.js > other > with arrow > passes with "quotes" and \\ backslash {': 'PASSED',
};

const mochaXunit: StatusMap = {
  'test/math.test.js > top level test': 'PASSED',
  'test/math.test.js > math > adds': 'PASSED',
  'test/math.test.js > math > fails to add': 'FAILED',
  'test/math.test.js > math > is skipped': 'SKIPPED',
  'test/math.test.js > math > is pending without a body': 'SKIPPED',
  'test/math.test.js > math inner > param 1 -> 2': 'PASSED',
  'test/math.test.js > math inner > param 3 -> 4': 'FAILED',
  'test/nested/other.test.js > other > throws an error': 'FAILED',
  'test/nested/other.test.js > other > is slow': 'PASSED',
  'test/nested/other.test.js > other hooks > "before all" hook for "never reached"': 'ERROR',
};

/** mocha's spec output names no files: its ids are the xunit ids without their leading `file > `. */
const mochaSpec: StatusMap = Object.fromEntries(
  Object.entries(mochaXunit).map(([id, status]) => [id.replace(/^test\/[\w/]+\.test\.js > /, ''), status]),
);

interface Case {
  name: string;
  parse: (log: string, context?: ParseContext) => StatusMap;
  fixture: string;
  context?: ParseContext;
  expected: StatusMap;
}

const root = (framework: string): ParseContext => ({ root: `/tmp/lf-parser-fixtures/${framework}` });

const cases: Case[] = [
  { name: 'pytest -rA summary', parse: parsers.pytest, fixture: 'pytest/run.txt', expected: pytestText },
  {
    name: 'pytest with ANSI colour',
    parse: parsers.pytest,
    fixture: 'pytest/color.txt',
    expected: pytestText,
  },
  { name: 'pytest xunit1 report', parse: parseJunit, fixture: 'pytest/run.xml', expected: pytestJunit },
  {
    name: 'pytest collection error',
    parse: parsers.pytest,
    fixture: 'pytest/collect-error.txt',
    expected: {},
  },
  {
    name: 'pytest collection error report',
    parse: parseJunit,
    fixture: 'pytest/collect-error.xml',
    expected: {},
  },
  { name: 'vitest verbose output', parse: parsers.vitest, fixture: 'vitest/run.txt', expected: vitestRun },
  { name: 'vitest junit report', parse: parseJunit, fixture: 'vitest/run.xml', expected: vitestRun },
  { name: 'jest --json among other output', parse: parsers.jest, fixture: 'jest/run.txt', expected: jestRun },
  {
    name: 'jest --json with the root given',
    parse: parsers.jest,
    fixture: 'jest/run.txt',
    context: root('jest'),
    expected: jestRun,
  },
  {
    name: 'jest suite that failed to run',
    parse: parsers.jest,
    fixture: 'jest/suite-error.txt',
    expected: {},
  },
  {
    name: 'mocha xunit report',
    parse: parseJunit,
    fixture: 'mocha/run.xml',
    context: root('mocha'),
    expected: mochaXunit,
  },
  { name: 'mocha spec output', parse: parsers.mocha, fixture: 'mocha/spec.txt', expected: mochaSpec },
  {
    name: 'mocha output beside an xunit report',
    parse: parsers.mocha,
    fixture: 'mocha/run.txt',
    expected: {},
  },
];

describe('log parsers over real runs', () => {
  it.each(cases)('$name', ({ parse, fixture: path, context, expected }) => {
    expect({ ...parse(fixture(path), context) }).toStrictEqual(expected);
  });
});

describe('the same run read by two parsers gives the same ids', () => {
  const pairs = [
    { text: parsers.pytest(fixture('pytest/run.txt')), junit: parseJunit(fixture('pytest/run.xml')) },
    { text: parsers.vitest(fixture('vitest/run.txt')), junit: parseJunit(fixture('vitest/run.xml')) },
  ];
  it.each(pairs)('every text-parsed id is in the JUnit map with the same status', ({ text, junit }) => {
    expect(Object.keys(text).length).toBeGreaterThan(5);
    for (const [id, status] of Object.entries(text)) expect([id, junit[id]]).toEqual([id, status]);
  });
});
