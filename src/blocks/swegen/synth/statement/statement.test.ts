import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChatClient } from '../../../../llm/client.js';
import { startScriptedServer, type ScriptedServer } from '../../../../llm/scripted-server.js';
import { failuresOf } from '../probe/evidence.js';
import type { SuiteRun } from '../probe/test-run.js';
import { loadSynthPrompts } from '../lm/prompts.js';
import { statementFromModel } from './from-model.js';
import { evidenceOf, statementFromTests } from './from-tests.js';
import { statementLeak } from './leak.js';

const pytestJunit = `<?xml version="1.0" encoding="utf-8"?><testsuites name="pytest tests"><testsuite name="pytest" errors="0" failures="1" skipped="0" tests="2"><testcase classname="tests.test_stats" name="test_mean" file="tests/test_stats.py" line="5" time="0.000" /><testcase classname="tests.test_stats" name="test_median_odd" file="tests/test_stats.py" line="9" time="0.001"><failure message="assert 1 == 2&#10; +  where 1 = median([3, 1, 2])">def test_median_odd():
&gt;       assert median([3, 1, 2]) == 2
E       assert 1 == 2
E        +  where 1 = median([3, 1, 2])

tests/test_stats.py:11: AssertionError</failure></testcase></testsuite></testsuites>`;

const vitestJunit = `<?xml version="1.0" encoding="UTF-8" ?>
<testsuites name="vitest tests" tests="2" failures="1" errors="0" time="0.421">
    <testsuite name="test/words.test.ts" tests="2" failures="1" errors="0" skipped="0" time="0.01">
        <testcase classname="test/words.test.ts" name="wordCount &gt; counts words separated by one space" time="0.01">
            <failure message="expected 4 to be 3 // Object.is equality" type="AssertionError">
AssertionError: expected 4 to be 3 // Object.is equality

- Expected
+ Received

 ❯ test/words.test.ts:12:41
            </failure>
        </testcase>
        <testcase classname="test/words.test.ts" name="capitalize &gt; upper-cases the first letter" time="0.0"></testcase>
    </testsuite>
</testsuites>`;

const vitestLog = `\u001b[31m × test/words.test.ts > wordCount > counts words separated by one space\u001b[39m
   → words is not defined

⎯⎯⎯⎯⎯⎯⎯ Failed Tests 1 ⎯⎯⎯⎯⎯⎯⎯

 FAIL  test/words.test.ts > wordCount > counts words separated by one space
ReferenceError: words is not defined
 ❯ Module.wordCount src/words.ts:6:3
 ❯ test/words.test.ts:12:12

⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯[1/1]⎯
`;

const wordsTest = `import { describe, expect, it } from 'vitest';
import { capitalize, wordCount } from '../src/words';

describe('wordCount', () => {
  it('counts words separated by one space', () => {
    expect(wordCount('red green blue')).toBe(3);
  });
});
`.split('\n');

const run = (junit: string | null, log = ''): SuiteRun => ({
  junit,
  log,
  tests: {},
  judgement: {} as SuiteRun['judgement'],
});
const readLine = async (file: string, line: number) =>
  file === 'test/words.test.ts' ? (wordsTest[line - 7] ?? null) : null;
const isTest = (path: string) => path.startsWith('test/') || path.startsWith('tests/');
const medianOdd = 'tests/test_stats.py::test_median_odd';
const countWords = 'test/words.test.ts > wordCount > counts words separated by one space';
const noFix = { patch: '', tests: [] };

describe('failure evidence', () => {
  it('reads a pytest failure from the JUnit report', () => {
    expect(failuresOf([medianOdd], run(pytestJunit))).toEqual([
      {
        test: medianOdd,
        message: 'assert 1 == 2\n +  where 1 = median([3, 1, 2])',
        details:
          'def test_median_odd():\n>       assert median([3, 1, 2]) == 2\nE       assert 1 == 2\nE        +  where 1 = median([3, 1, 2])\n\ntests/test_stats.py:11: AssertionError',
      },
    ]);
  });

  it('reads a vitest failure from its report, or from its output when there is none', () => {
    const [fromReport] = failuresOf([countWords], run(vitestJunit));
    expect(fromReport!.message).toBe('AssertionError: expected 4 to be 3 // Object.is equality');
    expect(fromReport!.details).toContain('❯ test/words.test.ts:12:41');
    const [fromLog] = failuresOf([countWords], run(null, vitestLog));
    expect(fromLog!.message).toBe('ReferenceError: words is not defined');
    expect(fromLog!.details).toContain('❯ test/words.test.ts:12:12');
  });
});

describe('statements written from the tests', () => {
  it('state the failing check and what happened instead (pytest)', async () => {
    const evidence = await evidenceOf(failuresOf([medianOdd], run(pytestJunit)), readLine, isTest);
    expect(statementFromTests(evidence, 1, noFix)).toBe(
      'The code does not behave as expected: an existing test fails against it.\n\n' +
        'This check fails:\n\n    assert median([3, 1, 2]) == 2\n\n' +
        'It fails with:\n\n    assert 1 == 2\n     +  where 1 = median([3, 1, 2])\n\n' +
        'Expected: the check above passes.',
    );
  });

  it('read the failing check from the test file a JavaScript stack points at', async () => {
    const evidence = await evidenceOf(failuresOf([countWords], run(vitestJunit)), readLine, isTest);
    expect(statementFromTests(evidence, 3, noFix)).toBe(
      'The code does not behave as expected: 3 existing tests fail against it.\n\n' +
        "This check fails:\n\n    expect(wordCount('red green blue')).toBe(3);\n\n" +
        'It fails with:\n\n    AssertionError: expected 4 to be 3 // Object.is equality\n\n' +
        'Expected: the check above passes.',
    );
  });

  it('leave out lines that quote the fix or name a test, and are never empty', async () => {
    const evidence = await evidenceOf(failuresOf([medianOdd], run(pytestJunit)), readLine, isTest);
    const fix = { patch: '+    return ordered[mid]\n+    assert 1 == 2\n', tests: [medianOdd] };
    expect(statementFromTests(evidence, 1, fix)).toBe(
      'The code does not behave as expected: an existing test fails against it.\n\n' +
        'This check fails:\n\n    assert median([3, 1, 2]) == 2\n\n' +
        'It fails with:\n\n     +  where 1 = median([3, 1, 2])\n\n' +
        'Expected: the check above passes.',
    );
    expect(statementFromTests([], 2, noFix)).toBe(
      'The code does not behave as expected: 2 existing tests fail against it.',
    );
  });
});

describe('statementLeak', () => {
  const fix = {
    patch: 'diff --git a/x b/x\n+++ b/x\n+    return ordered[mid]\n+  }\n',
    tests: [medianOdd, countWords],
  };
  it('finds lines the fix adds and failing test names, and nothing else', () => {
    expect(statementLeak('It should   RETURN ordered[mid] instead', fix)).toBe(
      'quotes a line the fix adds: return ordered[mid]',
    );
    expect(statementLeak('see test_median_odd', fix)).toBe('names a failing test: test_median_odd');
    expect(statementLeak('It Counts Words Separated By One Space wrongly', fix)).toBe(
      'names a failing test: counts words separated by one space',
    );
    expect(statementLeak('median() returns the lower middle value }', fix)).toBeNull();
  });
});

describe('statements written by a model (scripted server)', () => {
  let server: ScriptedServer;
  beforeAll(async () => {
    const replies: Record<string, string> = {
      good: '```markdown\nmedian([3, 1, 2]) returns 1, but the median of 1, 2, 3 is 2.\n```',
      leaky: 'The test test_median_odd fails: use ordered[mid].',
      empty: '   ',
    };
    const agents = Object.fromEntries(
      Object.entries(replies).map(([name, content]) => [name, () => ({ content })]),
    );
    server = await startScriptedServer({ agents });
  });
  afterAll(() => server.close());

  const write = async (name: string) => {
    const client = createChatClient({ baseUrl: server.url, model: name, retry: { retries: 0 } });
    const model = {
      client,
      baseUrl: server.url,
      pricing: { inputPerMTok: 0, outputPerMTok: 0 },
      sampling: {},
    };
    const input = {
      repo: 'acme/stats',
      bugDiff: '-    return ordered[mid]\n+    return ordered[mid - 1]\n',
      patch: '+    return ordered[mid]\n',
      broken: [medianOdd],
      failures: failuresOf([medianOdd], run(pytestJunit)),
    };
    return statementFromModel(model, (await loadSynthPrompts()).statement, input);
  };

  it('keeps a usable statement and rejects a leaking or empty one, with usage either way', async () => {
    const good = await write('good');
    expect(good).toMatchObject({ text: 'median([3, 1, 2]) returns 1, but the median of 1, 2, 3 is 2.' });
    expect(good.usage.model_calls).toBe(1);
    expect(await write('leaky')).toMatchObject({ problem: 'leak: names a failing test: test_median_odd' });
    expect(await write('empty')).toMatchObject({ problem: 'empty_reply' });
  });
});
