import type { ExecResult, Sandbox } from '../sandbox/sandbox.js';
import type { EnvSpec } from '../schema/env.js';
import type { TaskInstance } from '../schema/instance.js';
import type { EvalStatus, ResolutionStatus, TestsStatus } from '../schema/report.js';
import type { TestRun } from '../schema/test-run.js';
import { grade, type ExpectedTests } from './grade.js';
import { parseJunit, parsers, type StatusMap } from './parsers/index.js';

/** The JUnit report's statuses when the run wrote one that parses; null otherwise. */
async function readReport(sandbox: Sandbox, reportPath: string): Promise<StatusMap | null> {
  try {
    const bytes = await sandbox.readFile(reportPath);
    return parseJunit(new TextDecoder('utf-8').decode(bytes), { root: sandbox.workdir });
  } catch {
    return null;
  }
}

/** The test run: statuses from the JUnit report first, else from the output by the spec's log parser. */
export async function parseRun(
  sandbox: Sandbox,
  spec: EnvSpec,
  result: ExecResult,
  reportPath: string,
  logPath: string | undefined,
): Promise<TestRun> {
  const report = await readReport(sandbox, reportPath);
  const tests = report ?? parsers[spec.log_parser](result.output, { root: sandbox.workdir });
  return {
    tests: { ...tests },
    exit_code: result.exitCode,
    timed_out: result.timedOut,
    duration_ms: result.durationMs,
    parser: report ? 'junit' : spec.log_parser,
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
  const failureParsed = Object.values(run.tests).some((status) => status === 'FAILED' || status === 'ERROR');
  if (run.exit_code !== 0 && !failureParsed) {
    const exit = run.exit_code === null ? 'were killed' : `exited ${run.exit_code}`;
    const message = `tests ${exit} but no failure was parsed; check test_output.txt / collection errors`;
    return { status: 'invalid', message, ...ungraded };
  }
  const graded = grade(run.tests, expected);
  return {
    status: graded.resolved ? 'resolved' : 'unresolved',
    message: summary(graded.tests_status),
    ...graded,
  };
}
