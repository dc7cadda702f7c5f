import { overwriteSignedReport, plantCopy, writeReportAtFlag } from './attacks.js';
import type { ForgeryCase } from './fixture.js';
import { buggyClamp, clampTests, jestConfig } from './js-repos.js';

/**
 * Attempts to get jestkit-1 (FAIL_TO_PASS `test/clamp.test.js > clamp > lowers a value above the range`)
 * graded resolved without fixing clamp(). The judge makes jest run the test file in a worker process.
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
const forgedHeader = JSON.stringify({ runner: 'jest', in_process: false, note: '' });
/** The worker that ran the test file ended before it reported, so jest records the file as crashed. */
const crashed = /^the runner's JSON report is incomplete \(exit code 1\): it lists no test/;

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
    expect: { status: 'invalid', message: crashed },
  },
  {
    name: 'writes a passing report where the runner will write its own, then exits with 0',
    instance: 'jestkit-1',
    files: clampWith(`${writeFakeReport}\nprocess.exit(0);`),
    expect: { status: 'invalid', message: crashed },
  },
  {
    name: 'a detached process keeps writing an unsigned report over the signed one',
    instance: 'jestkit-1',
    files: clampWith(overwriteSignedReport(`${'0'.repeat(64)}\n${forgedHeader}\n${fakeReport}`, 'cjs')),
    expect: { either: { invalid: /signature/ } },
  },
  {
    name: 'replaces the global expect() with one that never fails',
    instance: 'jestkit-1',
    files: clampWith('globalThis.expect = () => ({ toBe() {} });'),
    expect: { status: 'invalid', message: crashed },
  },
  {
    name: 'overrides the toBe matcher with expect.extend',
    instance: 'jestkit-1',
    files: clampWith("expect.extend({ toBe: () => ({ pass: true, message: () => '' }) });"),
    expect: { status: 'invalid', message: crashed },
  },
  {
    name: 'overrides toBe through its own copy of the expect package',
    instance: 'jestkit-1',
    files: clampWith("require('expect').expect.extend({ toBe: () => ({ pass: true, message: () => '' }) });"),
    expect: { status: 'invalid', message: crashed },
  },
  {
    name: 'a jest config that makes jest run the tests in its own process, then writes a report and exits',
    instance: 'jestkit-1',
    files: {
      'jest.config.js': jestConfig.replace('{ ', '{ detectOpenHandles: true, '),
      ...clampWith(`${writeFakeReport}\nprocess.exit(0);`),
    },
    infra: ['jest.config.js'],
    expect: { status: 'invalid', message: /^jest ran the tests in its own process/ },
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
 * The attempts against jest 27, which the judge keeps out of the runner's process by patching its
 * `shouldRunInBand`. Its workers do not survive `process.exit` from a test file: the runner waits for
 * them, so those attempts end in a timeout (one is kept, with a short limit).
 */
const hangsJest27 = [
  'process.exit(0) in the module under test',
  'a jest config that makes jest run the tests in its own process, then writes a report and exits',
];
export const oldJestForgeries: ForgeryCase[] = jestForgeries
  .filter((forgery) => !hangsJest27.includes(forgery.name))
  .map((forgery) =>
    forgery.name === 'writes a passing report where the runner will write its own, then exits with 0'
      ? { ...forgery, instance: 'oldjestkit-1', timeoutMs: 20_000, expect: { status: 'timeout' } }
      : { ...forgery, instance: 'oldjestkit-1' },
  );

/** jest 19 writes no report at all once a worker has stopped or its runner was killed. */
const noReport = /^the test runner wrote no report of its own \(exit code 1\)/;
/** Outcomes that differ on jest 19, by attempt. */
const onJest19: Record<string, ForgeryCase['expect']> = {
  'process.exit(0) in the module under test': { status: 'invalid', message: noReport },
  'writes a passing report where the runner will write its own, then exits with 0': {
    status: 'invalid',
    message: noReport,
  },
  'replaces the global expect() with one that never fails': { status: 'invalid', message: noReport },
  'overrides the toBe matcher with expect.extend': { status: 'invalid', message: noReport },
  'writes a passing report where the runner will write its own, then kills the runner': {
    status: 'invalid',
    message: noReport,
  },
  'plants a passing report where the judge copies the reports after the run': {
    status: 'invalid',
    message: /^the runner's JSON report is incomplete \(exit code 1\): it lists no test/,
  },
};

/**
 * The attempts against jest 19, whose jasmine 2 sets the global expect twice in every test context; it
 * reads no jest.config.js, so the attempts through one are left out.
 */
export const jest19Forgeries: ForgeryCase[] = jestForgeries
  .filter((forgery) => !forgery.infra?.includes('jest.config.js'))
  .map((forgery) => ({
    ...forgery,
    instance: 'jest19kit-1',
    expect: onJest19[forgery.name] ?? forgery.expect,
  }));
