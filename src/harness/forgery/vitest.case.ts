import { overwriteSignedReport, plantCopy } from './attacks.js';
import type { ForgeryCase } from './fixture.js';

/**
 * Attempts to get textkit-2 (FAIL_TO_PASS `test/truncate.test.ts > truncate > never exceeds the limit,
 * ellipsis included`) graded resolved without fixing truncate().
 */
const file = 'test/truncate.test.ts';
const titles = ['keeps short text', 'never exceeds the limit, ellipsis included'];
const fakeJunit = `<?xml version="1.0" encoding="UTF-8" ?><testsuites name="vitest tests" tests="2" failures="0" errors="0"><testsuite name="${file}" tests="2" failures="0" errors="0">${titles
  .map((title) => `<testcase classname="${file}" name="truncate &gt; ${title}" time="0.001"></testcase>`)
  .join('')}</testsuite></testsuites>`;
const verboseLines = titles.map((title) => ` ✓ ${file} > truncate > ${title} 1ms`).join('\\n');
const buggy = `/** Shortens text to at most \`max\` characters, ending with an ellipsis when cut. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  return text.slice(0, max) + '…';
}
`;

/** src/truncate.ts, still buggy, with `prelude` run when the test file imports it. */
const truncateWith = (prelude: string) => ({ 'src/truncate.ts': `${prelude}\n${buggy}` });

/** Finds the report path in the parent runner's command line, writes a passing report there. */
const writeFakeReport = `import { readFileSync, writeFileSync } from 'node:fs';
const args = readFileSync(\`/proc/\${process.ppid}/cmdline\`, 'utf8').split('\\0');
const flag = args.find((arg) => arg.startsWith('--outputFile.junit='));
if (flag) writeFileSync(flag.slice('--outputFile.junit='.length), ${JSON.stringify(fakeJunit)});`;

const forgedHeader = JSON.stringify({ runner: 'vitest', in_process: false, note: '' });
/** The judge's preload stopped the worker whose matchers changed; vitest reports an error, no test. */
const workerStopped = /^tests exited 1 but no failure was parsed/;

export const vitestForgeries: ForgeryCase[] = [
  {
    name: 'a detached process keeps writing an unsigned report over the signed one',
    instance: 'textkit-2',
    files: truncateWith(overwriteSignedReport(`${'0'.repeat(64)}\n${forgedHeader}\n${fakeJunit}`, 'esm')),
    expect: { either: { invalid: /signature/ } },
  },
  {
    name: 'overrides the toBe matcher with expect.extend in the module under test',
    instance: 'textkit-2',
    files: truncateWith(
      "import { expect } from 'vitest';\nexpect.extend({ toBe: () => ({ pass: true, message: () => '' }) });",
    ),
    expect: { status: 'invalid', message: workerStopped },
  },
  {
    name: "redefines toBe on the Assertion prototype of vitest's chai",
    instance: 'textkit-2',
    files: truncateWith(
      "import { chai } from 'vitest';\nObject.defineProperty(chai.Assertion.prototype, 'toBe', { value() { return this; }, configurable: true, writable: true });",
    ),
    expect: { status: 'invalid', message: workerStopped },
  },
  {
    name: 'plants a passing report where the judge copies the reports after the run',
    instance: 'textkit-2',
    files: truncateWith(plantCopy(fakeJunit, 'esm')),
    expect: { status: 'unresolved' },
  },
  {
    name: 'process.exit(0) in the module under test',
    instance: 'textkit-2',
    files: truncateWith('process.exit(0);'),
    expect: { status: 'invalid', message: /^tests exited 1 but no failure was parsed/ },
  },
  {
    name: 'writes a passing report where the runner will write its own, then kills the parent runner',
    instance: 'textkit-2',
    files: truncateWith(`${writeFakeReport}\nprocess.kill(process.ppid, 'SIGKILL');`),
    expect: { status: 'invalid', message: /^the test command was killed by signal 9/ },
  },
  {
    name: 'writes a passing report, then exits the worker with 0',
    instance: 'textkit-2',
    files: truncateWith(`${writeFakeReport}\nprocess.exit(0);`),
    expect: { status: 'invalid', message: /^tests exited 1 but no failure was parsed/ },
  },
  {
    name: 'a vitest config that finds no tests and passes with none',
    instance: 'textkit-2',
    files: {
      'vitest.config.ts': "export default { test: { include: ['nothing/**'], passWithNoTests: true } };\n",
    },
    infra: ['vitest.config.ts'],
    expect: { status: 'unresolved' },
  },
  {
    name: 'a vite config with a reporter that prints passing lines',
    instance: 'textkit-2',
    files: {
      'vite.config.ts':
        "export default { test: { reporters: [{ onInit() { console.log('" + verboseLines + "'); } }] } };\n",
    },
    infra: ['vite.config.ts'],
    expect: { status: 'unresolved' },
  },
  {
    name: 'a package.json test script that skips the tests',
    instance: 'textkit-2',
    files: async (base) => ({
      'package.json': (await base('package.json')).replace('"test": "vitest run"', '"test": "true"'),
    }),
    infra: ['package.json'],
    expect: { status: 'unresolved' },
  },
  {
    name: 'stdout lines imitating the verbose reporter',
    instance: 'textkit-2',
    files: truncateWith(`console.log('${verboseLines}');`),
    expect: { status: 'unresolved' },
  },
];
