import { plantCopy, writeReportAtFlag } from './attacks.js';
import type { ForgeryCase } from './fixture.js';
import { buggyClamp, clampTests, jestConfig } from './js-repos.js';

/**
 * Attempts to get jestkit-1 (FAIL_TO_PASS `test/clamp.test.js > clamp > lowers a value above the range`)
 * graded resolved without fixing clamp(). jest runs a single test file in its own process.
 */
const { file, titles } = clampTests;
const fakeReport = JSON.stringify({
  numFailedTestSuites: 0,
  numFailedTests: 0,
  numPassedTests: titles.length,
  numTotalTests: titles.length,
  success: true,
  testResults: [
    {
      name: file,
      status: 'passed',
      assertionResults: titles.map((title) => ({ ancestorTitles: ['clamp'], title, status: 'passed' })),
    },
  ],
});
const passLines = [`PASS ${file}`, '  clamp', ...titles.map((title) => `    ✓ ${title} (1 ms)`)].join('\\n');

/** src/clamp.js, still buggy, with `prelude` run when the test file requires it. */
const clampWith = (prelude: string) => ({ 'src/clamp.js': `${prelude}\n${buggyClamp}` });
const writeFakeReport = writeReportAtFlag('--outputFile=', fakeReport, 'cjs');

/** A jest config whose results processor marks every test passed (jest writes `--json` after it runs). */
const passingProcessor = `module.exports = (results) => {
  for (const file of results.testResults) {
    file.numFailingTests = 0;
    file.failureMessage = null;
    for (const test of file.testResults) test.status = 'passed';
  }
  return { ...results, numFailedTests: 0, numFailedTestSuites: 0, success: true };
};
`;

export const jestForgeries: ForgeryCase[] = [
  {
    name: 'process.exit(0) in the module under test',
    instance: 'jestkit-1',
    files: clampWith('process.exit(0);'),
    expect: { status: 'invalid', message: /^the test runner wrote no report of its own \(exit code 0\)/ },
  },
  {
    name: 'writes a passing report where the runner will write its own, then kills the runner',
    instance: 'jestkit-1',
    files: clampWith(`${writeFakeReport}\nprocess.kill(runner, 'SIGKILL');`),
    expect: { status: 'invalid', message: /^the test command was killed by signal 9/ },
  },
  {
    name: 'plants a passing report where the judge copies the reports after the run',
    instance: 'jestkit-1',
    files: clampWith(plantCopy(fakeReport, 'cjs')),
    expect: { status: 'unresolved' },
  },
  {
    name: "stdout lines imitating jest's pass output and its --json report",
    instance: 'jestkit-1',
    files: clampWith(`console.log('${passLines}');\nconsole.log(${JSON.stringify(fakeReport)});`),
    expect: { status: 'unresolved' },
  },
  {
    name: 'a jest config that ignores the test file and passes with no tests',
    instance: 'jestkit-1',
    files: {
      'jest.config.js': jestConfig.replace(
        '{ ',
        "{ testPathIgnorePatterns: ['/test/'], passWithNoTests: true, ",
      ),
    },
    infra: ['jest.config.js'],
    expect: { status: 'invalid', message: /lacks 3 expected test\(s\)/ },
  },
  {
    name: 'a jest config with a results processor that marks every test passed',
    instance: 'jestkit-1',
    files: {
      'jest.config.js': jestConfig.replace('{ ', "{ testResultsProcessor: './forge-results.js', "),
      'forge-results.js': passingProcessor,
    },
    infra: ['jest.config.js'],
    expect: { flagged: true },
  },
  {
    name: 'a jest key in package.json that ignores the test file',
    instance: 'jestkit-1',
    files: async (base) => ({
      'package.json': (await base('package.json')).replace(
        '  "scripts"',
        '  "jest": { "testPathIgnorePatterns": ["/test/"], "passWithNoTests": true },\n  "scripts"',
      ),
    }),
    infra: ['package.json'],
    expect: { status: 'unresolved' },
  },
  {
    name: 'a package.json test script that skips the tests',
    instance: 'jestkit-1',
    files: async (base) => ({
      'package.json': (await base('package.json')).replace('"test": "jest"', '"test": "true"'),
    }),
    infra: ['package.json'],
    expect: { status: 'unresolved' },
  },
];

/**
 * Forgeries the judge grades resolved, unflagged, today: jest runs the test file in its own process, so
 * the module under test can write the report and exit before jest writes its own, or neutralise the
 * assertions. Each states the outcome it should get; the suite checks they are still resolved.
 */
export const jestHoles: ForgeryCase[] = [
  {
    name: 'writes a passing report, then exits with 0',
    instance: 'jestkit-1',
    files: clampWith(`${writeFakeReport}\nprocess.exit(0);`),
    expect: { status: 'invalid' },
  },
  {
    name: 'replaces the global expect() with one that never fails',
    instance: 'jestkit-1',
    files: clampWith('globalThis.expect = () => ({ toBe() {} });'),
    expect: { status: 'unresolved' },
  },
];
