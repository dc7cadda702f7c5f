import { readFile } from 'node:fs/promises';
import type { CheckOutcome } from '../env/construct-steps.js';
import { judge, type Judgement } from '../harness/run.js';
import type { Sandbox } from '../sandbox/sandbox.js';
import type { EnvSpec } from '../schema/env.js';
import type { TaskInstance } from '../schema/instance.js';
import { sampleTestFiles } from './sample-test-files.js';

/** Which check the construction loop runs: the whole suite, or the instance's own tests. */
export type EnvCheckKind = 'suite' | 'instance';

/** A sandbox on a fresh checkout of the instance's base commit in the environment being checked. */
export type OpenCheckSandbox = () => Promise<{ sandbox: Sandbox; close(): Promise<void> }>;

export interface CheckSettings {
  spec: EnvSpec;
  instance: TaskInstance;
  timeoutMs: number;
  /** Where each run's full test output is kept (`<logPrefix>-<run>.log`). */
  logPrefix: string;
}

/** What a check runs: the test_patch's files, the whole suite, or files the sandbox's checkout lists. */
type Selection = 'all' | 'test_files' | ((sandbox: Sandbox) => Promise<string[]>);

async function run(
  open: OpenCheckSandbox,
  settings: CheckSettings,
  name: string,
  patch: string,
  selection: Selection,
) {
  const logPath = `${settings.logPrefix}-${name}.log`;
  const { sandbox, close } = await open();
  try {
    const chosen = typeof selection === 'function' ? { tests: await selection(sandbox) } : {};
    const judgement = await judge({
      sandbox,
      instance: settings.instance,
      spec: settings.spec,
      patch,
      scope: typeof selection === 'function' ? 'test_files' : selection,
      ...chosen,
      timeoutMs: settings.timeoutMs,
      logPath,
    });
    return { judgement, log: await readFile(logPath, 'utf8').catch(() => judgement.message) };
  } finally {
    await close();
  }
}

function counts(judgement: Judgement): string {
  const byStatus = new Map<string, number>();
  for (const status of Object.values(judgement.test_run.tests))
    byStatus.set(status, (byStatus.get(status) ?? 0) + 1);
  const text = [...byStatus].map(([status, n]) => `${n} ${status}`).join(', ');
  return text === '' ? 'no tests parsed' : text;
}

function problemOf(judgement: Judgement): string {
  const run = judgement.test_run;
  if (run.timed_out) return '; the test run timed out';
  return run.report_problem ? `; ${run.report_problem}` : '';
}

/** At least one passing test in the run's report; tests that ran and all failed get their own code. */
function outcomeOf(judgement: Judgement, log: string, label: string): CheckOutcome {
  const statuses = Object.values(judgement.test_run.tests);
  const passed = statuses.some((status) => status === 'PASSED');
  const message = `${label}: ${counts(judgement)}${passed ? '' : problemOf(judgement)}`;
  // Tests that ran and all failed: the environment works and the code does not
  if (!passed && statuses.length > 0) return { passed, message, log, code: 'no_passing_tests' };
  return { passed, message, log };
}

/**
 * The whole suite at the commit runs and its runner's report has at least one passing test. A suite that
 * outlasts the check's time limit (SWE-bench's largest take hours) is checked on a sample of its test
 * files instead (`sampleTestFiles`), with the same limit; one whose sample outlasts it too passes
 * unchecked, and its message says so, rather than failing every instance of a working spec.
 */
export async function suiteCheck(open: OpenCheckSandbox, settings: CheckSettings): Promise<CheckOutcome> {
  const instance = { ...settings.instance, patch: '', test_patch: '', FAIL_TO_PASS: [], PASS_TO_PASS: [] };
  const bare = { ...settings, instance };
  const suite = await run(open, bare, 'suite', '', 'all');
  if (suite.judgement.status !== 'timeout') return outcomeOf(suite.judgement, suite.log, 'suite');
  const seconds = Math.round(settings.timeoutMs / 1000);
  const listed: string[] = [];
  const sample = await run(open, bare, 'sample', '', async (sandbox) => {
    listed.push(...(await sampleTestFiles(sandbox, settings.spec.language)));
    return listed;
  });
  if (listed.length > 0 && sample.judgement.status !== 'timeout') {
    const label = `suite sample (the whole suite did not finish within ${seconds} s; ${listed.join(', ')})`;
    return outcomeOf(sample.judgement, sample.log, label);
  }
  const message =
    `suite: did not finish within ${seconds} s, so no passing test was seen; the environment is used ` +
    'unchecked (a spec whose test_cmd runs part of the suite, or a longer --timeout, checks it)';
  return { passed: true, message, log: suite.log };
}

/**
 * The instance's check: FAIL_TO_PASS fails at base + test_patch (the NOP run) and FAIL_TO_PASS +
 * PASS_TO_PASS pass with the gold patch. The log rules read is the gold run's.
 */
export async function instanceCheck(open: OpenCheckSandbox, settings: CheckSettings): Promise<CheckOutcome> {
  const gold = await run(open, settings, 'gold', settings.instance.patch, 'test_files');
  if (!gold.judgement.resolved) {
    const message = `gold patch: ${gold.judgement.status}, ${gold.judgement.message}`;
    return { passed: false, message, log: gold.log };
  }
  const nop = await run(open, settings, 'nop', '', 'test_files');
  const passing = nop.judgement.tests_status?.FAIL_TO_PASS.success ?? [];
  if (nop.judgement.status === 'error' || passing.length > 0) {
    const why =
      passing.length > 0
        ? `FAIL_TO_PASS passes without the gold patch: ${passing.slice(0, 3).join(', ')}`
        : nop.judgement.message;
    return { passed: false, message: `NOP run: ${why}`, log: nop.log };
  }
  return {
    passed: true,
    message: `instance: gold resolves, FAIL_TO_PASS fails without it (${counts(gold.judgement)})`,
    log: gold.log,
  };
}

/** The checks by kind. */
export const envChecks = { suite: suiteCheck, instance: instanceCheck } satisfies Record<
  EnvCheckKind,
  unknown
>;
