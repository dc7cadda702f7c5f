import type { ResolutionStatus, TestsStatus } from '../schema/report.js';
import type { TestStatus } from '../schema/test-run.js';

/** The expected outcomes of an instance: SWE-bench's lists (FAIL_TO_FAIL / PASS_TO_FAIL are optional). */
export interface ExpectedTests {
  FAIL_TO_PASS: readonly string[];
  PASS_TO_PASS: readonly string[];
  FAIL_TO_FAIL?: readonly string[];
  PASS_TO_FAIL?: readonly string[];
}

/** The graded outcome of one test run. */
export interface Grade {
  tests_status: TestsStatus;
  resolution: ResolutionStatus;
  resolved: boolean;
}

type Outcome = 'success' | 'failure';

/**
 * The status of `id`, tolerating SWE-bench's truncated parametrised ids (more `[` than `]`): such an id
 * matches the tests it prefixes when they all agree on passing or not, as SWE-bench 5.x grades them.
 */
function statusOf(id: string, tests: Record<string, TestStatus>): TestStatus | undefined {
  if (Object.hasOwn(tests, id)) return tests[id];
  if (id.split('[').length <= id.split(']').length) return undefined;
  const matches = Object.keys(tests).filter((key) => key.startsWith(id));
  const passing = new Set(matches.map((key) => isPass(tests[key])));
  return passing.size === 1 ? tests[matches[0]!] : undefined;
}

function isPass(status: TestStatus | undefined): boolean {
  return status === 'PASSED' || status === 'XFAIL';
}

/** FAIL_TO_PASS (and the *_TO_FAIL lists): passes on PASSED/XFAIL; FAILED, ERROR, SKIPPED or missing fail. */
function mustPass(status: TestStatus | undefined): Outcome {
  return isPass(status) ? 'success' : 'failure';
}

/** PASS_TO_PASS: a SKIPPED test counts as maintained, as in SWE-bench 5.x; missing, FAILED or ERROR fail. */
function mustKeepPassing(status: TestStatus | undefined): Outcome {
  return status === 'SKIPPED' ? 'success' : mustPass(status);
}

function split(
  ids: readonly string[] = [],
  tests: Record<string, TestStatus>,
  judge: (s?: TestStatus) => Outcome,
) {
  const lists = { success: [] as string[], failure: [] as string[] };
  for (const id of ids) {
    lists[judge(statusOf(id, tests))].push(id);
  }
  return lists;
}

/** Share of a list that succeeded; an empty list counts as fully successful, as in SWE-bench. */
function rate({ success, failure }: { success: string[]; failure: string[] }): number {
  const total = success.length + failure.length;
  return total === 0 ? 1 : success.length / total;
}

/**
 * SWE-bench grading. FAIL_TO_PASS tests pass on PASSED or XFAIL; FAILED, ERROR, SKIPPED (a deliberate
 * departure from SWE-bench 4.x, which dropped them) and missing tests fail. A SKIPPED PASS_TO_PASS test counts
 * as maintained (success), as in SWE-bench 5.x. FULL when every FAIL_TO_PASS and PASS_TO_PASS test passes, PARTIAL when
 * some but not all FAIL_TO_PASS tests do and every PASS_TO_PASS test does, else NO; only FULL resolves.
 */
export function grade(tests: Record<string, TestStatus>, expected: ExpectedTests): Grade {
  const tests_status: TestsStatus = {
    FAIL_TO_PASS: split(expected.FAIL_TO_PASS, tests, mustPass),
    PASS_TO_PASS: split(expected.PASS_TO_PASS, tests, mustKeepPassing),
    FAIL_TO_FAIL: split(expected.FAIL_TO_FAIL, tests, mustPass),
    PASS_TO_FAIL: split(expected.PASS_TO_FAIL, tests, mustPass),
  };
  const f2p = rate(tests_status.FAIL_TO_PASS);
  const p2p = rate(tests_status.PASS_TO_PASS);
  const resolution: ResolutionStatus = p2p < 1 ? 'NO' : f2p === 1 ? 'FULL' : f2p > 0 ? 'PARTIAL' : 'NO';
  return { tests_status, resolution, resolved: resolution === 'FULL' };
}

/** The ids of `ids` the run never reported: neither the id itself nor, for a truncated id, a test it prefixes. */
export function missingTests(ids: readonly string[], tests: Record<string, TestStatus>): string[] {
  return ids.filter((id) => {
    if (Object.hasOwn(tests, id)) return false;
    if (id.split('[').length <= id.split(']').length) return true;
    return !Object.keys(tests).some((key) => key.startsWith(id));
  });
}
