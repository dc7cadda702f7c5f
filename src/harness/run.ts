import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { LegoError } from '../errors.js';
import type { ExecResult, Sandbox } from '../sandbox/sandbox.js';
import type { EnvSpec } from '../schema/env.js';
import type { TaskInstance } from '../schema/instance.js';
import type { EvalStatus, ResolutionStatus, TestsStatus } from '../schema/report.js';
import type { TestRun } from '../schema/test-run.js';
import {
  applyErrorLines,
  applyMethods,
  applyPatch,
  applyResultOf,
  testFilesOf,
  writePatchScript,
  type ApplyResult,
} from './apply.js';
import { testsToRun } from './diff-paths.js';
import {
  judgeDirFrom,
  judgeDirScript,
  newJudgeDir,
  nodePrelude,
  pytestPrelude,
  testScript,
  type JudgeDir,
} from './judge-dir.js';
import { scratchDir } from './scratch.js';
import { shellQuote } from './shell.js';
import { infraNeedsContent, testInfraPaths, type InfraContents } from './test-infra.js';
import { resetScript, testCommand, testEnv } from './test-command.js';
import { expectedTestsOf, parseRun, runnerReportPath, verdictOf } from './verdict.js';

/** What the judge needs: a sandbox at the instance's base commit, the environment spec and a patch. */
export interface JudgeInput {
  sandbox: Sandbox;
  instance: TaskInstance;
  spec: EnvSpec;
  /** The patch to judge; an empty one applies nothing (a NOP run of the tests at base + test_patch). */
  patch: string;
  /** Run only the test files of test_patch (default) or the whole suite. */
  scope?: 'test_files' | 'all';
  /** Run these test files instead (the suite check's sample); wins over `scope`. */
  tests?: string[];
  timeoutMs: number;
  /** Host path that receives the full test output. */
  logPath?: string;
  /** Put the test-infrastructure paths the patch changes back to base_commit before the tests run. */
  protectTestInfra?: boolean;
  /**
   * First put the whole workdir back to HEAD (`git reset --hard`, `git clean`; ignored files such as
   * environment links stay), in the judge's first round trip: for repeated runs in one sandbox.
   */
  resetWorkdir?: boolean;
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
  /** Test-infrastructure paths the patch adds or changes (reported even when they were reverted). */
  touches_test_infra: string[];
  /** Where the runner's JUnit report is in the sandbox, for callers that read its failure messages. */
  junit_path?: string;
}

const noTestRun: TestRun = {
  tests: {},
  exit_code: null,
  timed_out: false,
  duration_ms: 0,
  parser: 'none',
  truncated_bytes: 0,
};

function unjudged(status: EvalStatus, message: string, apply: ApplyResult, infra: string[]): Judgement {
  return {
    status,
    message,
    apply: { applied: apply.applied, method: apply.method },
    test_run: noTestRun,
    resolution: 'NO',
    resolved: false,
    touches_test_infra: infra,
  };
}

function applyFailure(what: string, apply: ApplyResult): string {
  return `${what} did not apply with ${applyMethods.join(', ')}: ${applyErrorLines(apply.log).join(' | ')}`;
}

/** Shell lines that put the workdir back to HEAD, ignored files kept (see `JudgeInput.resetWorkdir`). */
const workdirReset = [
  "{ git reset -q --hard HEAD && git clean -fdq; } || { echo 'could not put the workdir back to HEAD'; exit 90; }",
];

/** The text of files before (at base_commit) and after the patch, read only when the detector asks. */
function sandboxContents(sandbox: Sandbox, baseCommit: string): InfraContents {
  const decode = (bytes: Uint8Array) => new TextDecoder('utf-8').decode(bytes);
  return {
    before: async (path) => {
      const shown = await sandbox.exec(`git show ${shellQuote(`${baseCommit}:${path}`)}`);
      return shown.exitCode === 0 ? shown.output : undefined;
    },
    after: (path) => sandbox.readFile(path).then(decode, () => undefined),
  };
}

/** The checkout's directories on Python's path (repository-relative; '' is the root, where tests run). */
function pythonRoots(spec: EnvSpec): string[] {
  if (spec.language !== 'python') return [];
  const entries = (spec.env['PYTHONPATH'] ?? '').split(':');
  const inRepo = entries.filter((entry) => entry === '{repo}' || entry.startsWith('{repo}/'));
  return [...new Set(['', ...inRepo.map((entry) => entry.slice('{repo}/'.length))])];
}

/** The test-infrastructure paths of the applied patch; files are read only when the detector needs them. */
function infraOf(sandbox: Sandbox, instance: TaskInstance, spec: EnvSpec, patch: string): Promise<string[]> {
  const roots = pythonRoots(spec);
  if (!infraNeedsContent(patch, roots)) return testInfraPaths(patch, undefined, roots);
  return testInfraPaths(patch, sandboxContents(sandbox, instance.base_commit), roots);
}

/** What preparing the tests found: the model patch's apply result, and the judge dir or why it failed. */
interface Prepared {
  apply: ApplyResult;
  dir: JudgeDir | string;
}

/** Nothing applied: an empty patch. */
const nothingApplied: ApplyResult = { applied: true, method: null, log: '' };

/**
 * Lines that run the model's apply script in a subshell and print `tag` with its exit status; the rest
 * of the script runs only when it applied. `tag` holds the judge dir's random name, so nothing the
 * patch names can imitate it.
 */
function modelApplyLines(script: string, tag: string): string[] {
  return [`(\n${script}\n)`, 'lf_model=$?', `echo "${tag} $lf_model"`, '[ "$lf_model" -eq 0 ] || exit 0'];
}

/**
 * The model patch's apply result from the output before its tag line, and the output after it. Without
 * the tag, the lines before it failed (exit 90 throws) or the apply was cut short: not applied.
 */
function modelApplyFrom(
  exitCode: number | null,
  output: string,
  tag: string,
): { apply: ApplyResult; rest: string } {
  const found = new RegExp(`^${tag} (\\d+)$`, 'm').exec(output);
  if (found === null && exitCode === 90)
    throw new LegoError('sandbox_failed', `the judge could not start: ${output.trim()}`);
  if (found === null) return { apply: { applied: false, method: null, log: output }, rest: '' };
  const rest = output.slice(found.index + found[0].length + 1);
  return { apply: applyResultOf(Number(found[1]), output.slice(0, found.index)), rest };
}

/** The judge dir from the output of the reset and test_patch lines, or why they failed. */
function judgeDirOf(
  sandbox: Sandbox,
  instance: TaskInstance,
  fresh: JudgeDir,
  exitCode: number | null,
  output: string,
): JudgeDir | string {
  const dir = judgeDirFrom(output, fresh, scratchDir(sandbox));
  if (dir === null && exitCode === 90)
    throw new LegoError('sandbox_failed', `the judge could not start: ${output.trim()}`);
  if (dir === null) return `could not reset the test files to ${instance.base_commit}: ${output.trim()}`;
  const applied = applyResultOf(exitCode, output);
  return instance.test_patch.trim() === '' || applied.applied ? dir : applyFailure('test_patch', applied);
}

/**
 * After `before` (and the model patch's apply script, when given), resets test_patch's files (and
 * `protect`) to base_commit, applies test_patch and makes the judge dir, in one round trip; returns the
 * judge dir, or why that failed. The judge dir's line is printed last, once everything before it
 * succeeded, so a missing one means the reset failed.
 */
async function prepareTests(
  sandbox: Sandbox,
  instance: TaskInstance,
  protect: string[],
  before: string[],
  modelScript?: string,
): Promise<Prepared> {
  const files = [...new Set([...testFilesOf(instance.test_patch), ...protect])];
  const fresh = newJudgeDir();
  const tag = `LF_MODEL_APPLIED_${fresh.name}`;
  const testPatch = instance.test_patch.trim() !== '';
  const apply = testPatch ? await writePatchScript(sandbox, instance.test_patch, 'test') : 'true';
  const after = ['lf_apply=0', `(\nset +e\n${apply}\n) || lf_apply=$?`, ...judgeDirScript(fresh)];
  const modelLines = modelScript === undefined ? [] : modelApplyLines(modelScript, tag);
  const reset = resetScript(instance.base_commit, files, [...after, 'exit $lf_apply']);
  const { exitCode, output } = await sandbox.exec([...before, ...modelLines, reset].join('\n'), {
    timeoutMs: 5 * 60_000,
  });
  if (modelScript === undefined)
    return { apply: nothingApplied, dir: judgeDirOf(sandbox, instance, fresh, exitCode, output) };
  const { apply: modelApply, rest } = modelApplyFrom(exitCode, output, tag);
  if (!modelApply.applied) return { apply: modelApply, dir: '' };
  return { apply: modelApply, dir: judgeDirOf(sandbox, instance, fresh, exitCode, rest) };
}

/** Runs the test command and keeps its full output at `logPath` when one is given. */
async function runTests(input: JudgeInput, dir: JudgeDir): Promise<ExecResult> {
  const { sandbox, spec, instance } = input;
  const tests = input.tests ?? (input.scope === 'all' ? [] : testsToRun(instance.test_patch));
  const noConfig = `${dir.path}/no-config.vitest.mjs`;
  const command = testCommand(spec, tests, { report: runnerReportPath(dir), noConfig });
  const script = testScript([...pytestPrelude(dir, sandbox.workdir), ...nodePrelude(dir)], command, dir);
  const result = await sandbox.exec(script, {
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
 * Applies the model's patch and prepares the tests, after the workdir reset when asked: in one round trip
 * when the patch's test-infrastructure paths can be read from its text, in two when the detector must
 * read the files it changes.
 */
async function applyAndPrepare(input: JudgeInput): Promise<Prepared & { infra: string[] }> {
  const { sandbox, instance, spec, patch } = input;
  const before = input.resetWorkdir === true ? workdirReset : [];
  const protect = (infra: string[]) => (input.protectTestInfra === true ? infra : []);
  if (patch.trim() === '') return { ...(await prepareTests(sandbox, instance, [], before)), infra: [] };
  if (!infraNeedsContent(patch, pythonRoots(spec))) {
    const infra = await testInfraPaths(patch, undefined, pythonRoots(spec));
    const script = await writePatchScript(sandbox, patch, 'model');
    return { ...(await prepareTests(sandbox, instance, protect(infra), before, script)), infra };
  }
  const apply = await applyPatch(sandbox, patch, 'model', { before });
  if (!apply.applied) return { apply, dir: '', infra: [] };
  const infra = await infraOf(sandbox, instance, spec, patch);
  const { dir } = await prepareTests(sandbox, instance, protect(infra), []);
  return { apply, dir, infra };
}

/**
 * Judges one patch the way SWE-bench's evaluation does, in its order, trusting nothing the patch could
 * write or print: (1) apply the patch (git apply, git apply --reject, patch --fuzz=5) and list the
 * test-infrastructure paths it touches; (2) reset the files test_patch touches (and, with
 * `protectTestInfra`, those paths) to base_commit, deleting those absent there, and make the judge dir
 * outside the checkout; (3) apply test_patch (a failure is an `error`, not the patch's fault); (4) run
 * `spec.test_cmd` on test_patch's test files (everything with scope 'all'), any pytest loading the judge's
 * plugin; (5) read the statuses from the runner's own report (see `parseRun`); (6) grade against
 * FAIL_TO_PASS / PASS_TO_PASS, or call the run `invalid` (see `verdictOf`). An empty patch applies
 * nothing: callers report `empty_patch` themselves, and validation uses it for the NOP run.
 */
export async function judge(input: JudgeInput): Promise<Judgement> {
  const { sandbox, instance, spec } = input;
  const { apply, infra, dir } = await applyAndPrepare(input);
  if (!apply.applied) return unjudged('patch_failed', applyFailure('the patch', apply), apply, []);
  if (typeof dir === 'string') return unjudged('error', dir, apply, infra);
  const result = await runTests(input, dir);
  const testRun = await parseRun(sandbox, spec, result, dir, input.logPath);
  const verdict = verdictOf(testRun, expectedTestsOf(instance), input.timeoutMs);
  return {
    ...verdict,
    apply: { applied: apply.applied, method: apply.method },
    test_run: testRun,
    touches_test_infra: infra,
    ...(spec.test_cmd.includes('{junit}') ? { junit_path: `${dir.copy}/runner-report` } : {}),
  };
}
