import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { ExecResult, Sandbox } from '../sandbox/sandbox.js';
import type { EnvSpec } from '../schema/env.js';
import type { TaskInstance } from '../schema/instance.js';
import type { EvalStatus, ResolutionStatus, TestsStatus } from '../schema/report.js';
import type { TestRun } from '../schema/test-run.js';
import { applyErrorLines, applyMethods, applyPatch, testFilesOf, type ApplyResult } from './apply.js';
import { testsToRun } from './diff-paths.js';
import { scratchDir } from './scratch.js';
import { resetScript, testCommand, testEnv } from './test-command.js';
import { expectedTestsOf, parseRun, verdictOf } from './verdict.js';

/** What the judge needs: a sandbox at the instance's base commit, the environment spec and a patch. */
export interface JudgeInput {
  sandbox: Sandbox;
  instance: TaskInstance;
  spec: EnvSpec;
  /** The patch to judge; an empty one applies nothing (a NOP run of the tests at base + test_patch). */
  patch: string;
  /** Run only the test files of test_patch (default) or the whole suite. */
  scope?: 'test_files' | 'all';
  timeoutMs: number;
  /** Host path that receives the full test output. */
  logPath?: string;
}

/** The verdict on one patch, with everything a report needs. */
export interface Judgement {
  status: EvalStatus;
  message: string;
  apply: { applied: boolean; method: string | null };
  test_run: TestRun;
  tests_status?: TestsStatus;
  resolution: ResolutionStatus;
  resolved: boolean;
}

const noTestRun: TestRun = {
  tests: {},
  exit_code: null,
  timed_out: false,
  duration_ms: 0,
  parser: 'none',
  truncated_bytes: 0,
};

function unjudged(status: EvalStatus, message: string, apply: ApplyResult): Judgement {
  return {
    status,
    message,
    apply: { applied: apply.applied, method: apply.method },
    test_run: noTestRun,
    resolution: 'NO',
    resolved: false,
  };
}

function applyFailure(what: string, apply: ApplyResult): string {
  return `${what} did not apply with ${applyMethods.join(', ')}: ${applyErrorLines(apply.log).join(' | ')}`;
}

/** Applies the model's patch; an empty patch applies nothing. */
function applyModelPatch(sandbox: Sandbox, patch: string): Promise<ApplyResult> {
  if (patch.trim() === '') return Promise.resolve({ applied: true, method: null, log: '' });
  return applyPatch(sandbox, patch, 'model');
}

/** Resets test_patch's files to base_commit and applies test_patch; returns why that failed, or null. */
async function prepareTests(
  sandbox: Sandbox,
  instance: TaskInstance,
  reportPath: string,
): Promise<string | null> {
  const files = testFilesOf(instance.test_patch);
  const reset = await sandbox.exec(resetScript(instance.base_commit, files, reportPath));
  if (reset.exitCode !== 0) {
    return `could not reset the test files to ${instance.base_commit}: ${reset.output.trim()}`;
  }
  if (instance.test_patch.trim() === '') return null;
  const applied = await applyPatch(sandbox, instance.test_patch, 'test');
  return applied.applied ? null : applyFailure('test_patch', applied);
}

/** Runs the test command and keeps its full output at `logPath` when one is given. */
async function runTests(input: JudgeInput, reportPath: string): Promise<ExecResult> {
  const { sandbox, spec, instance } = input;
  const tests = input.scope === 'all' ? [] : testsToRun(instance.test_patch);
  const result = await sandbox.exec(testCommand(spec, tests, reportPath), {
    timeoutMs: input.timeoutMs,
    env: testEnv(spec, sandbox.workdir),
    maxOutputBytes: 64 * 1024 * 1024,
  });
  if (input.logPath !== undefined) {
    await mkdir(dirname(input.logPath), { recursive: true });
    await writeFile(input.logPath, result.output);
  }
  return result;
}

/**
 * Judges one patch the way SWE-bench's evaluation does, in its order: (1) apply the patch (git apply,
 * git apply --reject, patch --fuzz=5); (2) reset the files test_patch touches to base_commit, deleting
 * those absent there, so the patch's own edits to tests never count; (3) apply test_patch (a failure is
 * an `error`, not the patch's fault); (4) run `spec.test_cmd` on test_patch's test files (everything
 * with scope 'all'); (5) parse the JUnit report when one was written and parses, else the output with
 * `spec.log_parser`; (6) grade against FAIL_TO_PASS / PASS_TO_PASS. A non-zero exit with no FAILED or
 * ERROR test parsed is `invalid`. An empty patch applies nothing: callers report `empty_patch`
 * themselves, and validation uses it for the NOP run.
 */
export async function judge(input: JudgeInput): Promise<Judgement> {
  const { sandbox, instance, spec } = input;
  const apply = await applyModelPatch(sandbox, input.patch);
  if (!apply.applied) return unjudged('patch_failed', applyFailure('the patch', apply), apply);
  const reportPath = `${scratchDir(sandbox)}/report.xml`;
  const unprepared = await prepareTests(sandbox, instance, reportPath);
  if (unprepared !== null) return unjudged('error', unprepared, apply);
  const result = await runTests(input, reportPath);
  const testRun = await parseRun(sandbox, spec, result, reportPath, input.logPath);
  const verdict = verdictOf(testRun, expectedTestsOf(instance), input.timeoutMs);
  return { ...verdict, apply: { applied: apply.applied, method: apply.method }, test_run: testRun };
}
