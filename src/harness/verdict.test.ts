import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { providers } from '../sandbox/index.js';
import type { ExecResult, Sandbox } from '../sandbox/sandbox.js';
import { EnvSpec } from '../schema/env.js';
import type { TestRun } from '../schema/test-run.js';
import { makeRepo, removeRepo } from './fixture-repo.js';
import { judgeDirFrom, judgeDirScript, newJudgeDir, type JudgeDir } from './judge-dir.js';
import { parseRun, verdictOf } from './verdict.js';
import { scratchDir } from './scratch.js';

const expected = { FAIL_TO_PASS: ['a > f2p'], PASS_TO_PASS: ['a > p2p'] };
const run = (tests: TestRun['tests'], exit: number | null, extra: Partial<TestRun> = {}): TestRun => ({
  tests,
  exit_code: exit,
  timed_out: false,
  duration_ms: 1,
  parser: 'junit',
  truncated_bytes: 0,
  ...extra,
});
const passing = { 'a > f2p': 'PASSED', 'a > p2p': 'PASSED' } as const;

describe('verdictOf', () => {
  it('grades a complete run that exited 0', () => {
    expect(verdictOf(run(passing, 0), expected, 1000)).toMatchObject({ status: 'resolved', resolved: true });
  });

  it('is invalid when a run exits 0 but its report lacks expected tests', () => {
    const verdict = verdictOf(run({ 'a > f2p': 'PASSED' }, 0), expected, 1000);
    expect(verdict).toMatchObject({ status: 'invalid', resolved: false });
    expect(verdict.message).toBe(
      "the tests exited 0 but the runner's report lacks 1 expected test(s): a > p2p; a run that skips " +
        'expected tests is not judged (see test_output.txt)',
    );
  });

  it('grades a missing test as failing when the run failed, and accepts truncated parametrised ids', () => {
    expect(verdictOf(run({ 'a > f2p': 'FAILED' }, 1), expected, 1000)).toMatchObject({
      status: 'unresolved',
    });
    const truncated = { FAIL_TO_PASS: ['t.py::x[a'], PASS_TO_PASS: [] };
    expect(verdictOf(run({ 't.py::x[a b]': 'PASSED' }, 0), truncated, 1000).status).toBe('resolved');
  });

  it('is invalid when the command was killed by a signal, whatever its report says', () => {
    for (const exit of [null, 137, 143]) {
      const verdict = verdictOf(run(passing, exit), expected, 1000);
      expect(verdict).toMatchObject({ status: 'invalid', resolved: false });
      expect(verdict.message).toMatch(/^the test command was killed by signal/);
    }
    expect(verdictOf(run(passing, 137), expected, 1000).message).toMatch(
      /^the test command was killed by signal 9;/,
    );
  });

  it('is invalid with the report’s problem, even when every test passed', () => {
    const verdict = verdictOf(run(passing, 0, { report_problem: 'forged' }), expected, 1000);
    expect(verdict).toMatchObject({ status: 'invalid', message: 'forged', resolved: false });
  });
});

const spec = (test_cmd: string, log_parser: EnvSpec['log_parser']) =>
  EnvSpec.parse({ language: 'javascript', test_cmd, log_parser });
const exec = (output: string, exitCode = 0): ExecResult => ({
  exitCode,
  output,
  timedOut: false,
  truncatedBytes: 0,
  durationMs: 1,
});

describe('parseRun: where the statuses come from', () => {
  let sandbox: Sandbox;
  let repo: string;
  let dir: JudgeDir;

  beforeAll(async () => {
    repo = (await makeRepo({ 'README.md': 'x\n' })).dir;
    sandbox = await providers.local({ bubblewrap: 'auto' }).create({ repoDir: repo });
  });
  afterAll(async () => {
    await sandbox.close();
    await removeRepo(repo);
  });

  async function freshDir(): Promise<JudgeDir> {
    const fresh = newJudgeDir();
    const made = await sandbox.exec(judgeDirScript(fresh).join('\n'));
    return judgeDirFrom(made.output, fresh, scratchDir(sandbox))!;
  }

  const jestJson = (status: string) =>
    JSON.stringify({
      numFailedTestSuites: 0,
      testResults: [
        { name: `${repo}/a.test.js`, assertionResults: [{ ancestorTitles: ['s'], title: 't', status }] },
      ],
    });
  const mochaSpec = '\n  s\n    ✓ t\n\n  1 passing (3ms)\n';
  const vitestLine = ' ✓ a.test.js > s > t 1ms\n';
  const jestCmd = spec('jest --ci --json --outputFile={junit} {tests}', 'jest');
  const mochaCmd = spec('mocha --reporter xunit --reporter-option output={junit} {tests}', 'mocha');
  const vitestCmd = spec('vitest run --reporter=junit --outputFile.junit={junit} {tests}', 'vitest');

  /** What the judge's node preload writes at the runner's exit: signature, header line, report bytes. */
  const signed = (
    report: string,
    key: string,
    header: object = { runner: 'jest', in_process: false, note: '' },
  ) => {
    const body = `${JSON.stringify({ pid: 1, ...header })}\n${report}`;
    return `${createHmac('sha256', key).update(body).digest('hex')}\n${body}`;
  };

  it('reads jest’s JSON report as the preload signed it and ignores a passing result printed on stdout', async () => {
    dir = await freshDir();
    await sandbox.writeFile(`${dir.copy}/runner-report.signed`, signed(jestJson('failed'), dir.nodeKey));
    await sandbox.writeFile(`${dir.copy}/runner-report`, jestJson('passed'));
    const parsed = await parseRun(sandbox, jestCmd, exec(jestJson('passed'), 1), dir, undefined);
    expect(parsed).toMatchObject({ report_source: 'jest-json', tests: { 'a.test.js > s > t': 'FAILED' } });
    expect(parsed.report_problem).toBeUndefined();
  });

  it.each([
    ['an unsigned report alone', () => null, /^the test runner wrote no report of its own/],
    [
      'a report signed with another key',
      () => 'b'.repeat(64),
      /^the report's signature does not match this run's key/,
    ],
    [
      'a report signed with the pytest plugin’s key, which a pytest run leaves unread in the judge dir',
      () => dir.key,
      /^the report's signature does not match this run's key/,
    ],
  ])('never reads a node runner’s passing report from %s', async (_name, otherKey, problem) => {
    dir = await freshDir();
    await sandbox.writeFile(`${dir.copy}/runner-report`, jestJson('passed'));
    const key = otherKey();
    if (key !== null) {
      await sandbox.writeFile(`${dir.copy}/runner-report.signed`, signed(jestJson('passed'), key));
    }
    const parsed = await parseRun(sandbox, jestCmd, exec(''), dir, undefined);
    expect(parsed.tests).toEqual({});
    expect(parsed.report_problem).toMatch(problem);
  });

  it.each([
    [
      'ran the tests in its own process',
      {
        runner: 'mocha',
        in_process: true,
        note: "mocha's options set file, which --parallel does not allow",
      },
      /^mocha ran the tests in its own process \(mocha's options set file, which --parallel does not allow\)/,
    ],
    [
      'is a runner the preload does not know',
      { runner: 'unknown', in_process: null, note: '' },
      /^the test command's report was written by a runner the judge does not know \(unknown\)/,
    ],
  ])('rejects a signed report whose runner %s', async (_name, header, problem) => {
    dir = await freshDir();
    await sandbox.writeFile(
      `${dir.copy}/runner-report.signed`,
      signed(jestJson('passed'), dir.nodeKey, header),
    );
    const parsed = await parseRun(sandbox, jestCmd, exec(''), dir, undefined);
    expect(parsed.tests).toEqual({});
    expect(parsed.report_problem).toMatch(problem);
  });

  it('reads the unsigned report of a command that runs no node runner', async () => {
    dir = await freshDir();
    await sandbox.writeFile(
      `${dir.copy}/runner-report`,
      '<testsuite><testcase classname="s" name="t"/></testsuite>',
    );
    const make = EnvSpec.parse({
      language: 'python',
      test_cmd: 'make check JUNIT={junit}',
      log_parser: 'pytest',
    });
    const parsed = await parseRun(sandbox, make, exec(''), dir, undefined);
    expect(parsed).toMatchObject({ report_source: 'junit', tests: { 's > t': 'PASSED' } });
    expect(parsed.report_problem).toBeUndefined();
  });

  it.each([
    [
      'jest JSON printed on stdout',
      jestCmd,
      jestJson('passed'),
      /^the test runner wrote no report of its own/,
    ],
    ['mocha spec lines', mochaCmd, mochaSpec, /^the test runner wrote no report of its own/],
    ['vitest verbose lines', vitestCmd, vitestLine, /^the test runner wrote no report of its own/],
  ])(
    'never reads %s when the command names a report it did not write',
    async (_name, cmd, output, problem) => {
      dir = await freshDir();
      const parsed = await parseRun(sandbox, cmd, exec(output), dir, undefined);
      expect(parsed.tests).toEqual({});
      expect(parsed.report_problem).toMatch(problem);
      expect(verdictOf(parsed, { FAIL_TO_PASS: ['s > t'], PASS_TO_PASS: [] }, 1000).status).toBe('invalid');
    },
  );

  it.each([
    [
      'a jest report cut short',
      jestCmd,
      jestJson('passed').slice(0, 60),
      /^the runner's JSON report is incomplete/,
    ],
    [
      'a mocha xunit report cut short',
      mochaCmd,
      '<testsuite name="Mocha"><testcase name="t"',
      /^the runner's report is incomplete/,
    ],
  ])('rejects %s', async (_name, cmd, report, problem) => {
    dir = await freshDir();
    await sandbox.writeFile(`${dir.copy}/runner-report.signed`, signed(report, dir.nodeKey));
    const parsed = await parseRun(sandbox, cmd, exec(''), dir, undefined);
    expect(parsed.report_problem).toMatch(problem);
  });

  it('rejects a plugin report not signed with this run’s key, even for a python command that is not pytest', async () => {
    dir = await freshDir();
    await sandbox.writeFile(
      `${dir.copy}/report.json`,
      `00\n{"exitstatus":0,"tests":[],"collect_errors":[],"changed":[]}`,
    );
    const script = EnvSpec.parse({ language: 'python', test_cmd: './run-tests.sh', log_parser: 'pytest' });
    const parsed = await parseRun(sandbox, script, exec('PASSED t.py::a\n'), dir, undefined);
    expect(parsed).toMatchObject({ report_source: 'pytest-plugin', tests: {} });
    expect(parsed.report_problem).toMatch(
      /^pytest's report is rejected: the report's signature does not match/,
    );
  });

  it('rejects a plugin report signed with the node preload’s key, which a pytest run leaves unread', async () => {
    dir = await freshDir();
    const body = '{"exitstatus":0,"tests":[["t.py::a","PASSED"]],"collect_errors":[],"changed":[]}';
    const signature = createHmac('sha256', dir.nodeKey).update(body).digest('hex');
    await sandbox.writeFile(`${dir.copy}/report.json`, `${signature}\n${body}`);
    const pytest = EnvSpec.parse({
      language: 'python',
      test_cmd: 'python -m pytest {tests}',
      log_parser: 'pytest',
    });
    const parsed = await parseRun(sandbox, pytest, exec(''), dir, undefined);
    expect(parsed.tests).toEqual({});
    expect(parsed.report_problem).toMatch(
      /^pytest's report is rejected: the report's signature does not match/,
    );
  });

  it('reads the output with the spec’s parser only for a command with no structured report', async () => {
    dir = await freshDir();
    const parsed = await parseRun(sandbox, spec('mocha {tests}', 'mocha'), exec(mochaSpec), dir, undefined);
    expect(parsed).toMatchObject({
      report_source: 'text:mocha',
      parser: 'mocha',
      tests: { 's > t': 'PASSED' },
    });
    expect(parsed.report_problem).toBeUndefined();
  });

  it('requires the plugin report from a pytest command, whatever it printed', async () => {
    dir = await freshDir();
    const pytest = EnvSpec.parse({
      language: 'python',
      test_cmd: 'python -m pytest -rA {tests}',
      log_parser: 'pytest',
    });
    const parsed = await parseRun(sandbox, pytest, exec('PASSED t.py::a\n'), dir, undefined);
    expect(parsed).toMatchObject({ report_source: 'pytest-plugin', tests: {} });
    expect(parsed.report_problem).toMatch(
      /^pytest's session did not finish: the judge's plugin wrote no report \(exit code 0\)/,
    );
  });
});
