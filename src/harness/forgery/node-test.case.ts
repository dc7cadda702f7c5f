import { overwriteSignedReport, plantCopy, writeReportAtFlag } from './attacks.js';
import type { ForgeryCase } from './fixture.js';
import { buggyClamp, clampTests } from './js-repos.js';

/**
 * Attempts to get nodetestkit-1 (FAIL_TO_PASS `test/clamp.test.js > clamp > lowers a value above the
 * range`) graded resolved without fixing clamp(). node --test runs every test file in a process of its
 * own; the runner's report comes from the judge's reporter and is read only as the preload signed it.
 */
const { file, titles } = clampTests;
const fakeReport = `<?xml version="1.0" encoding="utf-8"?>\n<testsuite name="node:test" tests="${titles.length}">${titles
  .map((title) => `<testcase name="${title}" classname="clamp" file="${file}"/>`)
  .join('')}</testsuite>\n`;
const specLines = [
  '▶ clamp',
  ...titles.map((title) => `  ✔ ${title} (0.5ms)`),
  '▶ clamp (2ms)',
  'ℹ tests 3',
].join('\\n');

const instance = 'nodetestkit-1';
/** src/clamp.js, still buggy, with `prelude` run when the test file requires it. */
const clampWith = (prelude: string) => ({ 'src/clamp.js': `${prelude}\n${buggyClamp}` });
const reportFlag = '--test-reporter-destination=';
const writeFakeReport = writeReportAtFlag(reportFlag, fakeReport, 'cjs');
const forgedHeader = JSON.stringify({ runner: 'node-test', in_process: false, note: '' });
/** The test file's process stopped (exit 86) before it reported: the file is an error, its tests missing. */
const crashed = { status: 'unresolved' } as const;
/**
 * The test file's process exited 0 before it reported: node counts the file as passed, so the run exits
 * 0 without the expected tests.
 */
const exitedEarly = {
  status: 'invalid',
  message: /^the tests exited 0 but the runner's report lacks 3 expected/,
} as const;

export const nodeTestForgeries: ForgeryCase[] = [
  {
    name: 'process.exit(0) in the module under test',
    instance,
    files: clampWith('process.exit(0);'),
    expect: exitedEarly,
  },
  {
    name: 'writes a passing report where the runner will write its own, then exits with 0',
    instance,
    files: clampWith(`${writeFakeReport}\nprocess.exit(0);`),
    expect: exitedEarly,
  },
  {
    name: 'a detached process keeps writing an unsigned report over the signed one',
    instance,
    files: clampWith(overwriteSignedReport(`${'0'.repeat(64)}\n${forgedHeader}\n${fakeReport}`, 'cjs')),
    expect: { either: { invalid: /signature/ } },
  },
  {
    name: "replaces node:assert's strictEqual with one that never fails",
    instance,
    files: clampWith("require('node:assert').strictEqual = () => {};"),
    expect: crashed,
  },
  {
    name: 'makes every function of node:assert a no-op',
    instance,
    files: clampWith(
      "const assert = require('node:assert');\nfor (const name of Object.keys(assert)) if (typeof assert[name] === 'function') assert[name] = () => {};",
    ),
    expect: crashed,
  },
  {
    name: 'writes a passing report where the runner will write its own, then kills the runner',
    instance,
    files: clampWith(`${writeFakeReport}\nprocess.kill(runner, 'SIGKILL');`),
    expect: { status: 'invalid', message: /^the test command was killed by signal 9/ },
  },
  {
    name: 'plants a passing report where the judge copies the reports after the run',
    instance,
    files: clampWith(plantCopy(fakeReport, 'cjs')),
    expect: { status: 'unresolved' },
  },
  {
    name: "stdout lines imitating node's spec reporter",
    instance,
    files: clampWith(`console.log('${specLines}');`),
    expect: { status: 'unresolved' },
  },
  {
    name: 'a package.json test script that skips the tests',
    instance,
    files: async (base) => ({
      'package.json': (await base('package.json')).replace('"test": "node --test"', '"test": "true"'),
    }),
    infra: ['package.json'],
    expect: { status: 'unresolved' },
  },
];
