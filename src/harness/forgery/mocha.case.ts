import { overwriteSignedReport, plantCopy, writeReportAtFlag } from './attacks.js';
import type { ForgeryCase } from './fixture.js';
import { buggyClamp, clampTests, mochaConfig } from './js-repos.js';

/**
 * Attempts to get mochakit-1 (FAIL_TO_PASS `test/clamp.test.js > clamp > lowers a value above the range`)
 * graded resolved without fixing clamp(). The judge makes mocha run the test files in worker processes
 * (--parallel).
 */
const { file, titles } = clampTests;
const fakeReport = `<?xml version="1.0" encoding="UTF-8"?><testsuite name="Mocha Tests" tests="${titles.length}" failures="0" errors="0" skipped="0">${titles
  .map((title) => `<testcase classname="clamp" name="${title}" file="${file}" time="0.001"/>`)
  .join('')}</testsuite>`;
const specLines = ['', '  clamp', ...titles.map((title) => `    ✔ ${title}`), '', '  3 passing (4ms)'].join(
  '\\n',
);

/** src/clamp.js, still buggy, with `prelude` run when the test file requires it. */
const clampWith = (prelude: string) => ({ 'src/clamp.js': `${prelude}\n${buggyClamp}` });
const writeFakeReport = writeReportAtFlag('output=', fakeReport, 'cjs');
const noReport = /^the test runner wrote no report of its own \(exit code 1\)/;
const forgedHeader = JSON.stringify({ runner: 'mocha', in_process: false, note: '' });
/**
 * The worker that ran the test file ended before it reported: mocha records an error outside the tests
 * and none of them, so every expected test counts as failing.
 */
const crashed = { status: 'unresolved' } as const;

/** A module mocha requires before the tests: every runnable's error is dropped, so every test passes. */
const passEverything = `const Runnable = require('mocha/lib/runnable');
const run = Runnable.prototype.run;
Runnable.prototype.run = function (done) {
  return run.call(this, () => done());
};
`;

export const mochaForgeries: ForgeryCase[] = [
  {
    name: 'process.exit(0) in the module under test',
    instance: 'mochakit-1',
    files: clampWith('process.exit(0);'),
    expect: crashed,
  },
  {
    name: 'writes a passing report where the runner will write its own, then exits with 0',
    instance: 'mochakit-1',
    files: clampWith(`${writeFakeReport}\nprocess.exit(0);`),
    expect: crashed,
  },
  {
    name: 'a detached process keeps writing an unsigned report over the signed one',
    instance: 'mochakit-1',
    files: clampWith(overwriteSignedReport(`${'0'.repeat(64)}\n${forgedHeader}\n${fakeReport}`, 'cjs')),
    expect: { either: { invalid: /signature/ } },
  },
  {
    name: "replaces node:assert's strictEqual with one that never fails",
    instance: 'mochakit-1',
    files: clampWith("require('node:assert').strictEqual = () => {};"),
    expect: crashed,
  },
  {
    name: 'makes every function of node:assert a no-op',
    instance: 'mochakit-1',
    files: clampWith(
      "const assert = require('node:assert');\nfor (const name of Object.keys(assert)) if (typeof assert[name] === 'function') assert[name] = () => {};",
    ),
    expect: crashed,
  },
  {
    name: "a .mocharc `file` option that keeps the tests in mocha's own process, then writes a report and exits",
    instance: 'mochakit-1',
    files: {
      '.mocharc.json': mochaConfig.replace('{ ', '{ "file": ["test/clamp.test.js"], '),
      ...clampWith(`${writeFakeReport}\nprocess.exit(0);`),
    },
    infra: ['.mocharc.json'],
    expect: {
      status: 'invalid',
      message: /^mocha ran the tests in its own process \(mocha's options set file/,
    },
  },
  {
    name: 'writes a passing report where the runner will write its own, then kills the runner',
    instance: 'mochakit-1',
    files: clampWith(`${writeFakeReport}\nprocess.kill(runner, 'SIGKILL');`),
    expect: { status: 'invalid', message: /^the test command was killed by signal 9/ },
  },
  {
    name: 'plants a passing report where the judge copies the reports after the run',
    instance: 'mochakit-1',
    files: clampWith(plantCopy(fakeReport, 'cjs')),
    expect: { status: 'unresolved' },
  },
  {
    name: "stdout lines imitating mocha's spec reporter",
    instance: 'mochakit-1',
    files: clampWith(`console.log('${specLines}');`),
    expect: { status: 'unresolved' },
  },
  {
    name: 'a .mocharc that ignores the test file',
    instance: 'mochakit-1',
    files: { '.mocharc.json': mochaConfig.replace('{ ', '{ "ignore": ["test/**"], ') },
    infra: ['.mocharc.json'],
    expect: { status: 'invalid', message: noReport },
  },
  {
    name: 'a .mocharc that sends the xunit report elsewhere',
    instance: 'mochakit-1',
    files: { '.mocharc.json': mochaConfig.replace('{ ', '{ "reporter-option": ["output=/dev/null"], ') },
    infra: ['.mocharc.json'],
    expect: { status: 'invalid', message: noReport },
  },
  {
    name: 'a .mocharc that requires a module making every test pass',
    instance: 'mochakit-1',
    files: {
      '.mocharc.json': mochaConfig.replace('{ ', '{ "require": ["./forge.js"], '),
      'forge.js': passEverything,
    },
    infra: ['.mocharc.json'],
    expect: { flagged: true },
  },
  {
    name: 'a mocha key in package.json that selects only the PASS_TO_PASS tests',
    instance: 'mochakit-1',
    files: async (base) => ({
      'package.json': (await base('package.json')).replace(
        '  "scripts"',
        '  "mocha": { "grep": "inside|below" },\n  "scripts"',
      ),
    }),
    infra: ['package.json'],
    expect: { status: 'invalid', message: /lacks 1 expected test\(s\)/ },
  },
  {
    name: 'a package.json test script that skips the tests',
    instance: 'mochakit-1',
    files: async (base) => ({
      'package.json': (await base('package.json')).replace('"test": "mocha"', '"test": "true"'),
    }),
    infra: ['package.json'],
    expect: { status: 'unresolved' },
  },
];
