/**
 * The judge's reporter for node's built-in test runner (`node --test`), written into the judge dir and
 * named by the test command (`--test-reporter="$LF_JUDGE_DIR/node-test-reporter.mjs"`). Node 20's own
 * `junit` reporter names no file, and every test file runs in a process of its own, so this one writes
 * JUnit XML whose testcases carry the test file (`file`, absolute) and their suites' names
 * (`classname`, joined by ` > `): ids `file > suite > test`, like mocha's and vitest's. A skipped or
 * todo test is `<skipped/>`; a suite that fails outside its tests (a hook) is an `<error/>` testcase
 * named after the suite; a test file that fails outside its tests (it does not load, or its process
 * ends early) is an `<error/>` testcase named after the file, relative to the runner's directory.
 */
export const nodeTestReporterSource = String.raw`import { relative } from 'node:path';

const escape = (text) =>
  String(text).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);

export default async function* nodeTestJunit(source) {
  const chains = new Map();
  const cases = [];
  for await (const { type, data } of source) {
    if (type !== 'test:start' && type !== 'test:pass' && type !== 'test:fail') continue;
    const file = data.file || '';
    const chain = chains.get(file) || [];
    chains.set(file, chain);
    if (type === 'test:start') {
      chain.length = data.nesting;
      chain.push(data.name);
      continue;
    }
    const suite = data.details && data.details.type === 'suite';
    const error = data.details && data.details.error;
    const why = error && error.failureType;
    if (suite && (type === 'test:pass' || why === 'subtestsFailed')) continue;
    const fileLevel = data.nesting === 0 && data.name === file;
    const attrs = fileLevel
      ? 'name="' + escape(relative(process.cwd(), file)) + '"'
      : 'name="' + escape(data.name) + '" classname="' + escape(chain.slice(0, data.nesting).join(' > ')) + '" file="' + escape(file) + '"';
    let body = '';
    if (data.skip !== undefined || data.todo !== undefined) body = '<skipped/>';
    else if (type === 'test:fail') {
      const message = escape((error && error.cause && error.cause.message) || (error && error.message) || why || 'failed');
      body = suite || fileLevel ? '<error message="' + message + '"/>' : '<failure message="' + message + '"/>';
    }
    cases.push('  <testcase ' + attrs + (body === '' ? '/>' : '>' + body + '</testcase>'));
  }
  yield '<?xml version="1.0" encoding="utf-8"?>\n<testsuite name="node:test" tests="' + cases.length + '">\n' + cases.map((line) => line + '\n').join('') + '</testsuite>\n';
}
`;
