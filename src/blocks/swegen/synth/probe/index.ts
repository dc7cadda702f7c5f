import { join } from 'node:path';
import type { Block, BlockContext } from '../../../../block.js';
import { LegoError } from '../../../../errors.js';
import type { ChatClient } from '../../../../llm/types.js';
import { canonicalJson } from '../../../../json.js';
import { ProbeRecord, SynthBug } from '../../../../schema/synth.js';
import { TaskSandboxes } from '../../../../tasks/task-sandboxes.js';
import type { ProbeConfig } from './config.js';
import { brokenTests, originalInstance, runSuite, type SuiteRun } from './test-run.js';
import { writeStatement } from './write-statement.js';

export type { ProbeConfig } from './config.js';

type Ctx = BlockContext<ProbeConfig>;

function sandboxesOf(ctx: Ctx): TaskSandboxes {
  const { sandbox, tasks } = ctx.config;
  return ctx.shared(
    `swegen-synth-probe.sandboxes:${canonicalJson({ sandbox, tasks })}`,
    () => new TaskSandboxes({ ...tasks, provider: sandbox }),
  );
}

async function baselineRun(bug: SynthBug, ctx: Ctx): Promise<SuiteRun> {
  const instance = originalInstance(bug.repo, bug.original_commit, `${bug.repo.replace('/', '__')}.baseline`);
  const task = await sandboxesOf(ctx).open(instance, ctx.log);
  try {
    const logPath = join(ctx.itemDir, 'baseline.txt');
    const run = await runSuite(task, instance, { patch: '', timeoutMs: ctx.config.timeoutMs, logPath });
    if (!Object.values(run.tests).some((status) => status === 'PASSED'))
      throw new LegoError(
        'no_passing_tests',
        `no test passes at ${bug.repo}@${bug.original_commit} (${run.judgement.message}); see ${logPath}`,
      );
    return run;
  } finally {
    await task.close();
  }
}

/** The suite's run at the original commit, once per repository, commit and settings in this process. */
function baselineOf(bug: SynthBug, ctx: Ctx): Promise<SuiteRun> {
  const { sandbox, tasks, timeoutMs } = ctx.config;
  const key = `swegen-synth-probe.baseline:${bug.repo}@${bug.original_commit}:${canonicalJson({ sandbox, tasks, timeoutMs })}`;
  return ctx.shared(key, () => baselineRun(bug, ctx));
}

const rejected = (bug: SynthBug, reason: string, message: string, started: number): ProbeRecord => ({
  instance_id: bug.instance_id,
  strategy: bug.strategy,
  status: 'rejected',
  reason,
  message,
  broken: [],
  duration_ms: Date.now() - started,
});

async function probe(bug: SynthBug, ctx: Ctx, client?: ChatClient): Promise<ProbeRecord> {
  const started = Date.now();
  const baseline = await baselineOf(bug, ctx);
  const instance = originalInstance(bug.repo, bug.original_commit, `${bug.instance_id}.probe`);
  const task = await sandboxesOf(ctx).open(instance, ctx.log);
  try {
    const logPath = join(ctx.itemDir, 'probe.txt');
    const run = await runSuite(task, instance, {
      patch: bug.bug_diff,
      timeoutMs: ctx.config.timeoutMs,
      logPath,
    });
    const { status, message } = run.judgement;
    if (status === 'patch_failed') return rejected(bug, 'bug_did_not_apply', message, started);
    if (status === 'timeout') return rejected(bug, 'probe_timeout', message, started);
    const broken = brokenTests(baseline.tests, run.tests);
    if (broken.length === 0)
      return rejected(bug, 'no_failing_test', 'every test that passed still passes', started);
    const written = await writeStatement(bug, broken, run, task, ctx, client);
    return {
      instance_id: bug.instance_id,
      strategy: bug.strategy,
      status: 'kept',
      message: `${broken.length} tests break`,
      broken,
      ...written,
      duration_ms: Date.now() - started,
    };
  } finally {
    await task.close();
  }
}

/** The probe block: a bug's tests run once; kept as a candidate, with a statement, when it breaks one. */
export function createProbeBlock(
  deps: { client?: ChatClient } = {},
): Block<SynthBug, ProbeRecord, ProbeConfig> {
  return {
    name: 'swegen-synth-probe',
    version: '1',
    input: SynthBug,
    output: ProbeRecord,
    key: (bug) => bug.instance_id,
    run: (bug, ctx) => probe(bug, ctx, deps.client),
  };
}
