import type { VerifierScoreResult } from '../blocks/verifier/run-verifier.js';
import { curveRows } from '../blocks/eval/tts/tables.js';
import type { TtsReport } from '../blocks/eval/tts/run-tts.js';
import { formatTable } from '../format-table.js';

/** The curve table, the bad-input counts and the files that `eval tts` prints. */
export function formatTtsReport(report: Omit<TtsReport, 'rows'>): string {
  const m = report.metrics;
  const bad = m.bad_input;
  const short = Object.entries(bad.short_instances)
    .filter(([, count]) => count > 0)
    .map(([k, count]) => `${count} at k=${k}`);
  const pass1 = m.pass_at_1 === null ? '-' : `${(m.pass_at_1 * 100).toFixed(1)}%`;
  return [
    formatTable(curveRows(m)),
    '',
    ...report.problems.map((problem) => `input problem: ${problem}`),
    `${m.instances} instances, ${m.trajectories} judged trajectories (${m.resolved_trajectories} resolved); pass@1 ${pass1}`,
    `bad input: ${bad.malformed_lines} malformed lines, ${bad.duplicated_samples} duplicated samples, ` +
      `${bad.unjudged_trajectories} without a verdict, ${bad.missing_scores} missing scores, ` +
      `${bad.duplicated_scores} duplicated scores, ${bad.orphan_scores} scores for unknown trajectories; ` +
      `instances with fewer than k trajectories: ${short.length > 0 ? short.join(', ') : 'none'}`,
    `wrote ${report.files.metrics}, ${report.files.table}, ${report.files.svg}, ${report.files.png} ` +
      `and ${report.files.predictions.length} prediction files under ${report.outDir}/predictions`,
  ].join('\n');
}

/** The totals, failures and input problems that `verifier score` prints. */
export function formatVerifierResult(result: VerifierScoreResult): string {
  const s = result.summary;
  return [
    ...result.problems.map((problem) => `input problem: ${problem}`),
    ...result.run.failures.map((f) => `failed ${f.key} (${f.code}): ${f.message.split('\n')[0]}`),
    `scored ${s.scored}/${s.trajectories} trajectories: ${s.by_source.logprobs} from logprobs, ` +
      `${s.by_source.answer} from the answer alone, ${s.by_source.none} without an answer; ${s.failed} failed`,
    `usage: ${s.usage.total_tokens} tokens, $${s.usage.cost_usd.toFixed(4)}, ${s.usage.model_calls} calls, ` +
      `${s.usage.retries} retries`,
    `scores: ${result.outPath} (run state in ${result.runDir})`,
  ].join('\n');
}
