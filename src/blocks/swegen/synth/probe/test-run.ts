import { readFile } from 'node:fs/promises';
import { judge, type Judgement } from '../../../../harness/run.js';
import type { TaskInstance } from '../../../../schema/instance.js';
import type { TestStatus } from '../../../../schema/test-run.js';
import { bareInstance } from '../../../../tasks/bare-instance.js';
import type { OpenTask } from '../../../../tasks/task-sandboxes.js';

/** One run of a repository's whole test suite, with what explains its failures. */
export interface SuiteRun {
  judgement: Judgement;
  tests: Record<string, TestStatus>;
  /** The run's output, as the log file holds it. */
  log: string;
  /** The JUnit report the run wrote, when it wrote one. */
  junit: string | null;
}

/** The instance of a repository at its original commit: what bugs are probed against. */
export function originalInstance(repo: string, commit: string, id: string): TaskInstance {
  return { ...bareInstance(id, repo, commit), environment_setup_commit: '', source: { kind: 'real' } };
}

/** Runs the whole suite through the one judge with `patch` applied (empty: unchanged), extra env optional. */
export async function runSuite(
  task: OpenTask,
  instance: TaskInstance,
  options: { patch: string; timeoutMs: number; logPath: string; env?: Record<string, string> },
): Promise<SuiteRun> {
  const spec = options.env ? { ...task.spec, env: { ...task.spec.env, ...options.env } } : task.spec;
  const judgement = await judge({
    sandbox: task.sandbox,
    instance,
    spec,
    patch: options.patch,
    scope: 'all',
    timeoutMs: options.timeoutMs,
    logPath: options.logPath,
  });
  const junitPath = judgement.junit_path;
  const junit =
    junitPath === undefined
      ? null
      : await task.sandbox
          .readFile(junitPath)
          .then((bytes) => new TextDecoder().decode(bytes))
          .catch(() => null);
  const log = await readFile(options.logPath, 'utf8').catch(() => '');
  return { judgement, tests: judgement.test_run.tests, log, junit };
}

const passing = (status: TestStatus | undefined) => status === 'PASSED' || status === 'XFAIL';

/** Tests that passed at baseline and do not pass now (failed, errored, or missing from the run). */
export function brokenTests(baseline: Record<string, TestStatus>, now: Record<string, TestStatus>): string[] {
  return Object.keys(baseline)
    .filter((id) => passing(baseline[id]) && !passing(now[id]) && now[id] !== 'SKIPPED')
    .sort();
}
