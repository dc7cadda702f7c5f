import type { Trajectory } from '../../../schema/trajectory.js';

/** What differs between the synthetic trajectories tests and benchmarks build. */
export interface TrajectorySketch {
  instance_id: string;
  sample: number;
  patch: string;
  resolved: boolean;
  /** False for a trajectory the harness never judged. */
  judged?: boolean;
  problem_statement?: string;
  model?: string;
}

/** A schema-valid judged trajectory: a user prompt with the issue, one finish step, the patch and verdict. */
export function sketchTrajectory(s: TrajectorySketch): Trajectory {
  const judged = s.judged ?? true;
  const status = s.patch.trim() === '' ? 'empty_patch' : s.resolved ? 'resolved' : 'unresolved';
  return {
    trajectory_id: `${s.instance_id}#${s.sample}`,
    instance_id: s.instance_id,
    repo: 'acme/calc',
    base_commit: '0'.repeat(40),
    sample: s.sample,
    policy: 'model',
    model: s.model ?? 'scripted',
    format: 'native',
    tools: [],
    messages: [
      { role: 'system', content: 'You are a software engineer.' },
      { role: 'user', content: `<issue>\n${s.problem_statement ?? `Fix ${s.instance_id}.`}\n</issue>` },
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          { id: 'c1', type: 'function', function: { name: 'finish', arguments: '{"message":"done"}' } },
        ],
      },
    ],
    steps: [
      {
        index: 0,
        message_index: 2,
        tool: 'finish',
        arguments: { message: 'done' },
        exit_code: null,
        duration_ms: 0,
        error: null,
        model_ms: 1,
        prompt_tokens: 10,
        completion_tokens: 5,
      },
    ],
    status: 'finished',
    patch: s.patch,
    dropped_files: [],
    judgement: judged
      ? {
          status,
          message: '',
          resolved: s.resolved,
          partial: false,
          resolution: s.resolved ? 'FULL' : 'NO',
          apply_method: s.patch ? 'git apply' : null,
          duration_ms: 1,
        }
      : null,
    resolved: judged && s.resolved,
    partial: false,
    sampling: {},
    usage: {
      prompt_tokens: 10,
      completion_tokens: 5,
      total_tokens: 15,
      cost_usd: 0,
      model_calls: 1,
      retries: 0,
      model_ms: 1,
    },
    duration_ms: 2,
    started_at: '2025-01-01T00:00:00.000Z',
  };
}

/** A one-line patch to `calc.py` that writes `body`. */
export const patchWith = (body: string) =>
  `diff --git a/calc.py b/calc.py\n--- a/calc.py\n+++ b/calc.py\n@@ -1 +1 @@\n-pass\n+${body}\n`;

/** Trajectories as JSONL text. */
export const toJsonl = (records: unknown[]) => records.map((r) => `${JSON.stringify(r)}\n`).join('');
