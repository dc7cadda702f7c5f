import type { EvalRunResult } from '../blocks/eval/run-eval.js';
import { formatTable } from '../format-table.js';

/** The per-instance table, input problems and totals that `eval` prints. */
export function formatEvalResult(result: EvalRunResult): string {
  const rows = [['instance', 'status', 'F2P', 'P2P', 'seconds', 'message']];
  for (const r of result.reports) {
    const f2p = r.tests_status?.FAIL_TO_PASS;
    const p2p = r.tests_status?.PASS_TO_PASS;
    const ratio = (x?: { success: string[]; failure: string[] }) =>
      x ? `${x.success.length}/${x.success.length + x.failure.length}` : '-';
    rows.push([
      r.instance_id,
      r.status,
      ratio(f2p),
      ratio(p2p),
      (r.duration_ms / 1000).toFixed(1),
      r.message.split('\n')[0] ?? '',
    ]);
  }
  for (const failure of result.run.failures)
    rows.push([failure.key, `error:${failure.code}`, '-', '-', '-', failure.message.split('\n')[0] ?? '']);
  const s = result.summary;
  const lines = [formatTable(rows), ''];
  for (const problem of result.problems) lines.push(`input problem: ${problem}`);
  lines.push(
    `resolved ${s.resolved_instances}/${s.submitted_instances} submitted (${s.total_instances} instances): ` +
      `${s.unresolved_instances} unresolved, ${s.empty_patch_instances} empty patch, ${s.error_instances} error`,
  );
  if (s.no_verdict_ids.length > 0) lines.push(noVerdictLine(result));
  lines.push(`summary: ${result.runDir}/summary.json`);
  return lines.join('\n');
}

/** Why `eval` exits 1: the submitted instances that got no verdict of this run's settings. */
export function noVerdictLine({ summary: s }: EvalRunResult): string {
  const stale = s.stale_ids.length > 0 ? ` (${s.stale_ids.length} keep a result of earlier settings)` : '';
  return (
    `no verdict for ${s.no_verdict_ids.length} of ${s.submitted_instances} submitted instances${stale}: ` +
    `${s.no_verdict_ids.slice(0, 5).join(', ')}${s.no_verdict_ids.length > 5 ? ', ...' : ''}`
  );
}
