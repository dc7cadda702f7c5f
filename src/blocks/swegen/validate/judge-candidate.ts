import type { BlockContext } from '../../../block.js';
import type { Candidate, ValidationReason, ValidationRecord } from '../../../schema/swegen.js';
import { timed, type Phases } from '../../../tasks/phases.js';
import type { OpenTask } from '../../../tasks/task-sandboxes.js';
import { classifyTests } from './classify.js';
import type { ValidateConfig } from './config.js';
import { leakProblem } from './leak.js';
import { runSeries, type RunSeries } from './runs.js';

/** A validation record without what the block adds around it (ids, timing). */
export type Verdict = Omit<ValidationRecord, 'instance_id' | 'repo' | 'timing' | 'runs'> & {
  runs?: ValidationRecord['runs'];
};

const emptyLists = { FAIL_TO_PASS: [], PASS_TO_PASS: [], flaky: [], pass_to_fail: [] };

/** A rejection with empty test lists. */
export function reject(reason: ValidationReason, message: string, extra: Partial<Verdict> = {}): Verdict {
  return { status: 'rejected', reason, message, ...emptyLists, ...extra };
}

/** NOP runs, then Oracle runs, then the classification of every test they saw; step times go to `phases`. */
export async function judgeCandidate(
  candidate: Candidate,
  task: OpenTask,
  ctx: BlockContext<ValidateConfig>,
  phases: Phases,
) {
  const options = {
    task,
    candidate,
    runs: ctx.config.runs,
    timeoutMs: ctx.config.timeoutMs,
    logDir: ctx.itemDir,
    phases,
  };
  const fix = candidate.source?.['commit'] as string | undefined;
  const leak = await timed(phases, 'leak', () => leakProblem(task.sandbox, fix));
  if (leak) return { verdict: reject('leak', leak), testMs: 0 };
  const nop = await runSeries('nop', options);
  const oracle: RunSeries = nop.failure
    ? { briefs: [], tests: [], testMs: 0 }
    : await runSeries('oracle', options);
  const runs = { nop: nop.briefs, oracle: oracle.briefs };
  const testMs = nop.testMs + oracle.testMs;
  const failure = nop.failure ?? oracle.failure;
  if (failure) return { verdict: reject(failure.reason, failure.message, { runs }), testMs };
  const tests = classifyTests(nop.tests, oracle.tests);
  const lists = { ...tests, env_id: task.specId, runs };
  if (tests.pass_to_fail.length > 0)
    return {
      verdict: reject('pass_to_fail', `the patch breaks ${tests.pass_to_fail.join(', ')}`, lists),
      testMs,
    };
  if (tests.FAIL_TO_PASS.length === 0)
    return {
      verdict: reject('no_fail_to_pass', 'no test fails without the patch and passes with it', lists),
      testMs,
    };
  const instance = {
    ...candidate,
    FAIL_TO_PASS: tests.FAIL_TO_PASS,
    PASS_TO_PASS: tests.PASS_TO_PASS,
    env: task.specId,
  };
  const message = `${tests.FAIL_TO_PASS.length} FAIL_TO_PASS, ${tests.PASS_TO_PASS.length} PASS_TO_PASS`;
  return { verdict: { status: 'kept' as const, message, ...lists, instance }, testMs };
}
