import type { TestStatus } from '../../../schema/test-run.js';

type Outcome = 'pass' | 'fail' | 'skip';

/** PASSED and XFAIL pass; SKIPPED is neither; FAILED, ERROR and a test missing from the run fail. */
function outcomeOf(status: TestStatus | undefined): Outcome {
  if (status === 'PASSED' || status === 'XFAIL') return 'pass';
  return status === 'SKIPPED' ? 'skip' : 'fail';
}

/** Per-test statuses of one run. */
export type RunTests = Record<string, TestStatus>;

/** The tests of a candidate sorted by how they behaved across its NOP and Oracle runs. */
export interface Classification {
  FAIL_TO_PASS: string[];
  PASS_TO_PASS: string[];
  /** Tests whose outcome differed between runs of the same kind: excluded from both lists. */
  flaky: string[];
  /** Tests that passed in every NOP run and failed in every Oracle run: the patch breaks them. */
  pass_to_fail: string[];
}

/** The one outcome every run agrees on, or undefined when they disagree. */
function agreed(runs: RunTests[], id: string): Outcome | undefined {
  const outcomes = new Set(runs.map((run) => outcomeOf(run[id])));
  return outcomes.size === 1 ? [...outcomes][0] : undefined;
}

/**
 * Classifies every test seen in any run. F2P: failed in every NOP run (base + test_patch) and passed in
 * every Oracle run (+ patch); P2P: passed in every run; flaky: runs of one kind disagreed.
 */
export function classifyTests(nop: RunTests[], oracle: RunTests[]): Classification {
  const result: Classification = { FAIL_TO_PASS: [], PASS_TO_PASS: [], flaky: [], pass_to_fail: [] };
  const ids = [...new Set([...nop, ...oracle].flatMap((run) => Object.keys(run)))].sort();
  for (const id of ids) {
    const before = agreed(nop, id);
    const after = agreed(oracle, id);
    if (before === undefined || after === undefined) result.flaky.push(id);
    else if (before === 'fail' && after === 'pass') result.FAIL_TO_PASS.push(id);
    else if (before === 'pass' && after === 'pass') result.PASS_TO_PASS.push(id);
    else if (before === 'pass' && after === 'fail') result.pass_to_fail.push(id);
  }
  return result;
}
