import { formatTable } from '../../../format-table.js';
import type { StrategyYield } from '../../../schema/swegen.js';

/** Strategy rows with the same name summed (valid stays null only when every row has it null). */
export function mergeStrategies(a: StrategyYield[], b: StrategyYield[]): StrategyYield[] {
  const merged = new Map<string, StrategyYield>();
  for (const row of [...a, ...b]) {
    const seen = merged.get(row.strategy);
    if (!seen) {
      merged.set(row.strategy, { ...row, rejections: [...row.rejections] });
      continue;
    }
    const reasons = new Map(seen.rejections.map((r) => [r.reason, r.count]));
    for (const r of row.rejections) reasons.set(r.reason, (reasons.get(r.reason) ?? 0) + r.count);
    merged.set(row.strategy, {
      strategy: row.strategy,
      candidates: seen.candidates + row.candidates,
      probed: seen.probed + row.probed,
      valid: seen.valid === null && row.valid === null ? null : (seen.valid ?? 0) + (row.valid ?? 0),
      rejections: [...reasons]
        .map(([reason, count]) => ({ reason, count }))
        .sort((x, y) => y.count - x.count),
      prompt_tokens: seen.prompt_tokens + row.prompt_tokens,
      completion_tokens: seen.completion_tokens + row.completion_tokens,
      cost_usd: seen.cost_usd + row.cost_usd,
    });
  }
  return [...merged.values()];
}

const percent = (part: number, whole: number) =>
  whole === 0 ? '-' : `${((100 * part) / whole).toFixed(0)}%`;

/** The per-strategy table: bugs made, bugs that broke tests, valid instances and their share, tokens, cost. */
export function formatStrategies(rows: StrategyYield[]): string {
  const table = [
    ['strategy', 'candidates', 'broke tests', 'valid', 'yield', 'tokens', 'cost $', 'top rejections'],
  ];
  for (const row of rows) {
    const top = row.rejections.slice(0, 3).map((r) => `${r.reason} ${r.count}`);
    table.push([
      row.strategy,
      `${row.candidates}`,
      `${row.probed}`,
      row.valid === null ? '-' : `${row.valid}`,
      row.valid === null ? '-' : percent(row.valid, row.candidates),
      `${row.prompt_tokens + row.completion_tokens}`,
      row.cost_usd.toFixed(4),
      top.join(', ') || '-',
    ]);
  }
  return formatTable(table);
}
