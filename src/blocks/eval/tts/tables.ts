import type { SelectorName, TtsMetrics } from '../../../schema/tts.js';
import type { InstanceRow } from './instance-metrics.js';

const cell = (value: number | null | undefined, digits = 4) =>
  value === null || value === undefined ? '-' : value.toFixed(digits);

/** The per-instance table: counts, then pass@k and every selector's best@k at each k ('-' where not computed). */
export function perInstanceRows(rows: InstanceRow[], ks: number[], names: SelectorName[]): string[][] {
  const header = ['instance_id', 'n', 'resolved', 'missing_scores'];
  for (const k of ks) header.push(`pass@${k}`, ...names.map((name) => `${name}@${k}`));
  const body = rows.map((row) => {
    const line = [row.instance_id, String(row.n), String(row.resolved), String(row.missing_scores)];
    for (const k of ks) {
      const at = row.at[k];
      line.push(cell(at?.pass_at_k), ...names.map((name) => cell(at?.best_at_k[name])));
    }
    return line;
  });
  return [header, ...body];
}

/** Rows as tab-separated values with a header line. */
export function toTsv(rows: string[][]): string {
  return rows.map((row) => `${row.join('\t')}\n`).join('');
}

const percent = (value: number | null | undefined) => (value == null ? '-' : `${(value * 100).toFixed(1)}%`);

/** The curve as a table: one row per k with its instance count, pass@k and each selector's best@k. */
export function curveRows(metrics: TtsMetrics): string[][] {
  const names = metrics.selectors;
  const header = ['k', 'instances', 'pass@k', ...names.map((name) => (name === 'verifier' ? 'TTS@k' : name))];
  const body = metrics.k.map((at) => [
    String(at.k),
    String(at.instances),
    percent(at.pass_at_k),
    ...names.map((name) => percent(at.best_at_k[name]?.rate)),
  ]);
  return [header, ...body];
}
