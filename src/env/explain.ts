import type { LedgerAttempt, LedgerEntry, LedgerResult } from '../schema/env-ledger.js';

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)}s`;
const indent = (text: string, prefix: string) =>
  text
    .split('\n')
    .map((line) => `${prefix}${line}`)
    .join('\n');

function attemptLines(entry: LedgerAttempt, tailLines: number): string[] {
  const spec = entry.spec_id ? `  spec ${entry.spec_id}` : '';
  const lines = [
    `  attempt ${entry.attempt}  ${entry.phase}  ${entry.passed ? 'passed' : 'failed'}  ${seconds(entry.duration_ms)}${spec}`,
    ...(entry.notes ?? []).map((note) => `    note: ${note}`),
    `    ${entry.message}`,
  ];
  if (entry.diagnosis) lines.push(`    diagnosis: ${entry.diagnosis.rule} matched: ${entry.diagnosis.line}`);
  const agent = entry.agent;
  if (agent)
    lines.push(
      `    setup agent: ${agent.model} ${agent.status} after ${agent.steps} step(s), ${agent.total_tokens} tokens, $${agent.cost_usd.toFixed(4)}: ${agent.message}`,
    );
  if (entry.repair) lines.push(`    repair: ${entry.repair.rule} -> spec ${entry.repair.spec_id}`);
  else if (!entry.passed) lines.push('    repair: none');
  const tail = entry.log_tail.split('\n').slice(-tailLines).join('\n');
  if (!entry.passed && tail.trim() !== '') lines.push('    log tail:', indent(tail, '      | '));
  return lines;
}

function resultLine(entry: LedgerResult): string {
  if (entry.status === 'failed') return `  failed after ${entry.attempts} attempt(s): ${entry.message}`;
  const how = entry.attempts === 0 ? 'reused' : `after ${entry.attempts} attempt(s)`;
  return `  ready ${how}: spec ${entry.final_spec_id ?? '?'} passed the ${entry.check} check`;
}

/**
 * The ledger entries of constructions as text: one block per construction (subject, check, start), its
 * attempts with diagnosis, repair and log tail, and how it ended.
 */
export function explainLedger(entries: LedgerEntry[], tailLines = 15): string {
  const byConstruction = new Map<string, LedgerEntry[]>();
  for (const entry of entries) {
    byConstruction.set(entry.construction, [...(byConstruction.get(entry.construction) ?? []), entry]);
  }
  return [...byConstruction.values()]
    .map((group) => {
      const first = group[0]!;
      const instance = first.instance_id ? ` (instance ${first.instance_id})` : '';
      const result = group.find((entry): entry is LedgerResult => entry.kind === 'result');
      const header =
        `${first.repo}@${first.commit.slice(0, 12)}${instance}  ${first.time}  ` +
        `start spec ${first.start_spec_id || '(none)'}${result?.check ? `, check ${result.check}` : ''}`;
      const body = group.flatMap((entry) =>
        entry.kind === 'attempt' ? attemptLines(entry, tailLines) : [resultLine(entry)],
      );
      if (!result) body.push('  (no result: the construction is running, or its process died)');
      return [header, ...body].join('\n');
    })
    .join('\n\n');
}
