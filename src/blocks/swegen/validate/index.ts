import type { Block, BlockContext } from '../../../block.js';
import { toLegoError } from '../../../errors.js';
import { canonicalJson } from '../../../json.js';
import { Candidate, ValidationRecord, type ValidationReason } from '../../../schema/swegen.js';
import { timed, type Phases } from '../../../tasks/phases.js';
import { TaskSandboxes, type OpenTask } from '../../../tasks/task-sandboxes.js';
import type { ValidateConfig } from './config.js';
import { judgeCandidate, reject, type Verdict } from './judge-candidate.js';

export type { ValidateConfig } from './config.js';

const noRuns = { nop: [], oracle: [] };

/** The env spec id a build failure names (`legofactory/env:<id>` or `envs/<id>`), else the candidate's version. */
function failedEnvId(message: string, candidate: Candidate): string {
  return /\benvs?[:/]([0-9a-f]{16})\b/.exec(message)?.[1] ?? (candidate.version || 'unknown');
}

/** Turns an error opening the task into a rejection when it is the candidate's fault; rethrows the rest. */
function openRejection(err: unknown, candidate: Candidate): Verdict {
  const error = toLegoError(err);
  const reasons: Partial<Record<string, ValidationReason>> = {
    repo_unavailable: 'checkout_failed',
    env_detect_failed: 'env_detect_failed',
    env_build_failed: 'env_build_failed',
  };
  const reason = reasons[error.code];
  if (!reason || error.retryable) throw error;
  const env_id = reason === 'env_build_failed' ? failedEnvId(error.message, candidate) : undefined;
  return reject(reason, error.message, env_id ? { env_id } : {});
}

async function validate(candidate: Candidate, ctx: BlockContext<ValidateConfig>): Promise<ValidationRecord> {
  const started = Date.now();
  const { sandbox, tasks } = ctx.config;
  const sandboxes = ctx.shared(
    `swegen-validate.sandboxes:${canonicalJson({ sandbox, tasks })}`,
    () => new TaskSandboxes({ ...tasks, provider: sandbox }),
  );
  const head = { instance_id: candidate.instance_id, repo: candidate.repo };
  const phases: Phases = {};
  let task: OpenTask;
  try {
    task = await sandboxes.open(candidate, ctx.log, phases);
  } catch (err) {
    const open_ms = Date.now() - started;
    return {
      ...head,
      runs: noRuns,
      ...openRejection(err, candidate),
      timing: { open_ms, test_ms: 0, total_ms: open_ms, phases },
    };
  }
  const open_ms = Date.now() - started;
  let judged: Awaited<ReturnType<typeof judgeCandidate>>;
  try {
    judged = await judgeCandidate(candidate, task, ctx, phases);
  } finally {
    await timed(phases, 'close', () => task.close());
  }
  const { verdict, testMs } = judged;
  return {
    ...head,
    runs: noRuns,
    ...verdict,
    timing: { open_ms, test_ms: testMs, total_ms: Date.now() - started, phases },
  };
}

/** The `swegen validate` block: a candidate in; kept with proven FAIL_TO_PASS / PASS_TO_PASS, or rejected. */
export const validateBlock: Block<Candidate, ValidationRecord, ValidateConfig> = {
  name: 'swegen-validate',
  version: '1',
  input: Candidate,
  output: ValidationRecord,
  key: (candidate) => candidate.instance_id,
  run: validate,
};
