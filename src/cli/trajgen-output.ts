import type { TrajgenRunResult } from '../blocks/trajgen/run-trajgen.js';
import { formatCounts } from '../blocks/trajgen/summary.js';
import { formatTable } from '../format-table.js';

/** The per-trajectory table, input problems and totals that `trajgen rollout` prints. */
export function formatTrajgenResult(result: TrajgenRunResult): string {
  const rows = [['trajectory', 'status', 'verdict', 'steps', 'errors', 'tokens', 'seconds']];
  for (const t of result.trajectories) {
    const errors = t.steps.filter((step) => step.error !== null).length;
    rows.push([
      t.trajectory_id,
      t.status,
      t.judgement ? (t.partial ? 'partial' : t.judgement.status) : '-',
      String(t.steps.length),
      String(errors),
      String(t.usage.total_tokens),
      (t.duration_ms / 1000).toFixed(1),
    ]);
  }
  for (const failure of result.run.failures)
    rows.push([
      failure.key,
      `error:${failure.code}`,
      '-',
      '-',
      '-',
      '-',
      failure.message.split('\n')[0] ?? '',
    ]);
  const s = result.summary;
  const lines = [formatTable(rows), ''];
  for (const problem of result.problems) lines.push(`input problem: ${problem}`);
  lines.push(
    `isolation: ${result.isolation}`,
    `resolved ${s.resolved}/${s.total} rollouts (${s.trajectories} trajectories, ${s.failed_items} failed ` +
      `items; ${s.partial} partial), ${s.resolved_instances}/${s.instances} instances; ${s.steps} steps, ` +
      `${Object.values(s.error_steps).reduce((a, b) => a + b, 0)} labelled as errors`,
    `judge: ${formatCounts(s.judge_counts)}`,
    ...(Object.keys(s.excluded).length > 0
      ? [`resolved but left out: ${formatCounts(s.excluded)} (the final patch changes test infrastructure)`]
      : []),
    ...(s.failed_items > 0 ? [`failed items: ${formatCounts(s.failure_codes)}`] : []),
    `usage: ${s.usage.total_tokens} tokens, $${s.usage.cost_usd.toFixed(4)}, ${s.usage.model_calls} model calls, ` +
      `${s.usage.retries} retries`,
    `trajectories: ${result.trajectoriesPath}`,
  );
  return lines.join('\n');
}
