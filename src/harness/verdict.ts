import type { ExecResult, Sandbox } from '../sandbox/sandbox.js';
import type { EnvSpec } from '../schema/env.js';
import type { TaskInstance } from '../schema/instance.js';
import type { EvalStatus, ResolutionStatus, TestsStatus } from '../schema/report.js';
import type { TestRun } from '../schema/test-run.js';
import { grade, missingTests, type ExpectedTests } from './grade.js';
import { runsPytest, type JudgeDir } from './judge-dir.js';
import { parseJunit, parsers, type StatusMap } from './parsers/index.js';
import { readPluginReport } from './plugin-report.js';
import { readSignedRunnerReport } from './signed-runner-report.js';

/** Where the runner's own report goes (`{junit}` in the test command): JUnit XML, or jest's JSON. */
export function runnerReportPath(dir: JudgeDir): string {
  return `${dir.path}/runner-report`;
}

interface Source {
  tests: StatusMap;
  source: string;
  problem?: string;
}

async function readText(sandbox: Sandbox, path: string): Promise<Uint8Array | null> {
  return sandbox.readFile(path).catch(() => null);
}

/** Why a pytest command that left no plugin report is not judged. */
function noPluginReport(exit: string): string {
  return (
    `pytest's session did not finish: the judge's plugin wrote no report (${exit}). Something ended ` +
    'the process before the session finished (os._exit, sys.exit or a signal from project code or ' +
    'conftest.py), or the plugin was disabled; test_output.txt shows how far the run got'
  );
}

/** The judge plugin's report when one was written (a forged or changed one is a problem); else null. */
async function pluginSource(sandbox: Sandbox, dir: JudgeDir): Promise<Source | null> {
  const bytes = await readText(sandbox, `${dir.copy}/report.json`);
  if (bytes === null) return null;
  const source = 'pytest-plugin';
  const report = readPluginReport(bytes, dir.key);
  if (typeof report === 'string')
    return { tests: {}, source, problem: `pytest's report is rejected: ${report}` };
  if (report.changed.length === 0) return { tests: report.tests, source };
  const shown = report.changed.slice(0, 5).join(', ') + (report.changed.length > 5 ? ', ...' : '');
  return {
    tests: report.tests,
    source,
    problem: `the test framework's own code (pytest, unittest) was changed at run time: ${shown}`,
  };
}

/** Why a runner that wrote no report of its own is not judged. */
function noRunnerReport(exit: string): string {
  return (
    `the test runner wrote no report of its own (${exit}): it was ended before it finished, or its ` +
    'config changed where the report goes; test_output.txt shows how far the run got'
  );
}

/** Statuses from the runner's report bytes: jest's JSON, or JUnit XML. */
function reportStatuses(bytes: Uint8Array, root: string, exit: string): Source {
  const text = new TextDecoder('utf-8').decode(bytes);
  const context = { root };
  if (text.trimStart().startsWith('{')) {
    const tests = parsers.jest(text, context);
    if (Object.keys(tests).length > 0 || text.includes('"testResults":[]'))
      return { tests, source: 'jest-json' };
    const problem =
      `the runner's JSON report is incomplete (${exit}): it lists no test, so a test file failed to ` +
      'run or the runner stopped early; test_output.txt shows why';
    return { tests: {}, source: 'jest-json', problem };
  }
  try {
    return { tests: parseJunit(text, context), source: 'junit' };
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    return { tests: {}, source: 'junit', problem: `the runner's report is incomplete (${exit}): ${reason}` };
  }
}

/** Whether the test command runs a node test runner, whose report the judge's preload signs. */
function runsNodeRunner(spec: EnvSpec): boolean {
  return (
    spec.language === 'javascript' || /\b(?:jest|vitest|mocha)\b|\bnode\b.*\s--test\b/.test(spec.test_cmd)
  );
}

/**
 * The runner's JUnit XML or jest JSON report at `{junit}`; a command that names one must write it. A
 * node runner's report is read only as the judge's preload signed it (see node-preload.ts).
 */
async function runnerSource(sandbox: Sandbox, spec: EnvSpec, dir: JudgeDir, exit: string): Promise<Source> {
  const root = sandbox.workdir;
  if (runsNodeRunner(spec)) {
    const signed = await readText(sandbox, `${dir.copy}/runner-report.signed`);
    if (signed === null) return { tests: {}, source: 'junit', problem: noRunnerReport(exit) };
    const report = readSignedRunnerReport(signed, dir.nodeKey);
    if (typeof report === 'string') return { tests: {}, source: 'junit', problem: report };
    if (report.report.length === 0) return { tests: {}, source: 'junit', problem: noRunnerReport(exit) };
    return reportStatuses(report.report, root, exit);
  }
  const bytes = await readText(sandbox, `${dir.copy}/runner-report`);
  if (bytes === null) return { tests: {}, source: 'junit', problem: noRunnerReport(exit) };
  return reportStatuses(bytes, root, exit);
}

function exitText(result: ExecResult): string {
  return result.exitCode === null ? 'the process was killed' : `exit code ${result.exitCode}`;
}

/**
 * The statuses of a run, from the runner's own report only when the command has one: the judge
 * plugin's signed report for pytest (or for a python command that ran pytest underneath), the
 * JUnit/jest report at `{junit}` otherwise. Only a command with neither is read from its output, by the
 * spec's log parser (`text:<parser>`).
 */
async function sourceOf(sandbox: Sandbox, spec: EnvSpec, result: ExecResult, dir: JudgeDir): Promise<Source> {
  const exit = exitText(result);
  const plugin = spec.language === 'python' || runsPytest(spec) ? await pluginSource(sandbox, dir) : null;
  if (plugin !== null) return plugin;
  if (runsPytest(spec)) return { tests: {}, source: 'pytest-plugin', problem: noPluginReport(exit) };
  if (spec.test_cmd.includes('{junit}')) return runnerSource(sandbox, spec, dir, exit);
  const tests = parsers[spec.log_parser](result.output, { root: sandbox.workdir });
  return { tests, source: `text:${spec.log_parser}` };
}

/** The test run: statuses from the runner's own report (see `sourceOf`), and how the command ended. */
export async function parseRun(
  sandbox: Sandbox,
  spec: EnvSpec,
  result: ExecResult,
  dir: JudgeDir,
  logPath: string | undefined,
): Promise<TestRun> {
  const { tests, source, problem } = await sourceOf(sandbox, spec, result, dir);
  return {
    tests: { ...tests },
    exit_code: result.exitCode,
    timed_out: result.timedOut,
    duration_ms: result.durationMs,
    parser: source.replace(/^text:/, ''),
    report_source: source,
    ...(problem === undefined ? {} : { report_problem: problem }),
    truncated_bytes: result.truncatedBytes,
    ...(logPath === undefined ? {} : { log_path: logPath }),
  };
}

function stringList(value: unknown): string[] | undefined {
  return Array.isArray(value) && value.every((item) => typeof item === 'string') ? value : undefined;
}

/** FAIL_TO_PASS / PASS_TO_PASS of an instance, and FAIL_TO_FAIL / PASS_TO_FAIL when it carries them. */
export function expectedTestsOf(instance: TaskInstance): ExpectedTests {
  return {
    FAIL_TO_PASS: instance.FAIL_TO_PASS,
    PASS_TO_PASS: instance.PASS_TO_PASS,
    FAIL_TO_FAIL: stringList(instance['FAIL_TO_FAIL']),
    PASS_TO_FAIL: stringList(instance['PASS_TO_FAIL']),
  };
}

interface Verdict {
  status: EvalStatus;
  message: string;
  tests_status?: TestsStatus;
  resolution: ResolutionStatus;
  resolved: boolean;
}

function summary(tests: TestsStatus): string {
  const { FAIL_TO_PASS: f2p, PASS_TO_PASS: p2p } = tests;
  const failing = [...f2p.failure, ...p2p.failure];
  const first =
    failing.length === 0
      ? ''
      : `; failing: ${failing.slice(0, 3).join(', ')}${failing.length > 3 ? ', ...' : ''}`;
  const f2pTotal = f2p.success.length + f2p.failure.length;
  const p2pTotal = p2p.success.length + p2p.failure.length;
  return `FAIL_TO_PASS ${f2p.success.length}/${f2pTotal} pass, PASS_TO_PASS ${p2p.success.length}/${p2pTotal} pass${first}`;
}

function listed(ids: string[]): string {
  return ids.slice(0, 3).join(', ') + (ids.length > 3 ? `, ... (${ids.length} in all)` : '');
}

/**
 * Why a finished run cannot be graded, or null: its report is missing, forged or cut short; it was
 * killed by a signal; it failed without a failing test; or it exited 0 without reporting every
 * FAIL_TO_PASS and PASS_TO_PASS test (a runner stopped early, or tests were deselected).
 */
function invalidReason(run: TestRun, expected: ExpectedTests): string | null {
  const exit = run.exit_code;
  if (exit === null || (exit > 128 && exit < 160)) {
    const signal = exit === null ? '' : ` ${exit - 128}`;
    return `the test command was killed by signal${signal}; its results are not judged (see test_output.txt)`;
  }
  if (run.report_problem !== undefined) return run.report_problem;
  const failureParsed = Object.values(run.tests).some((status) => status === 'FAILED' || status === 'ERROR');
  if (exit !== 0 && !failureParsed) {
    return `tests exited ${exit} but no failure was parsed; check test_output.txt / collection errors`;
  }
  const missing = missingTests([...expected.FAIL_TO_PASS, ...expected.PASS_TO_PASS], run.tests);
  if (exit === 0 && missing.length > 0) {
    return (
      `the tests exited 0 but the runner's report lacks ${missing.length} expected test(s): ` +
      `${listed(missing)}; a run that skips expected tests is not judged (see test_output.txt)`
    );
  }
  return null;
}

/** Decides the status of a finished test run: timeout, invalid, or graded resolved / unresolved. */
export function verdictOf(run: TestRun, expected: ExpectedTests, timeoutMs: number): Verdict {
  const ungraded = { resolution: 'NO', resolved: false } as const;
  if (run.timed_out) {
    return {
      status: 'timeout',
      message: `the tests did not finish within ${Math.round(timeoutMs / 1000)} s`,
      ...ungraded,
    };
  }
  const invalid = invalidReason(run, expected);
  if (invalid !== null) return { status: 'invalid', message: invalid, ...ungraded };
  const graded = grade(run.tests, expected);
  return {
    status: graded.resolved ? 'resolved' : 'unresolved',
    message: summary(graded.tests_status),
    ...graded,
  };
}
