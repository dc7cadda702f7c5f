import type { Command } from 'commander';
import { formatTable } from '../format-table.js';
import { pipelineStatus, type PipelineStatus } from '../pipeline/status.js';

const usd = (value: number | null) => (value === null ? '-' : `$${value.toFixed(4)}`);

/** The status as text: one table row per stage, then the funnel and its costs. */
export function formatStatus(status: PipelineStatus): string {
  const header = ['stage', 'block', 'in', 'done', 'skipped', 'failed', 'out', 'seconds', 'cost', 'reasons'];
  const rows = status.stages.map((s) => [
    s.name,
    s.block,
    ...[s.items_in, s.done, s.skipped, s.failed, s.out].map(String),
    s.seconds.toFixed(1),
    usd(s.cost_usd),
    Object.entries(s.reasons)
      .map(([reason, n]) => `${reason} ${n}`)
      .join(', '),
  ]);
  const f = status.funnel;
  const funnel = [
    `funnel: commits ${f.commits} -> candidates ${f.candidates} -> instances ${f.instances} -> trajectories ${f.trajectories} -> resolved ${f.resolved} -> SFT samples ${f.sft_samples}`,
    `cost: ${usd(f.cost_usd)} in all, ${usd(f.cost_per_instance)} per valid instance, ${usd(f.cost_per_resolved)} per resolved trajectory`,
  ];
  return [formatTable([header, ...rows]), '', ...funnel].join('\n');
}

/** Adds `legofactory status DIR`: each stage's counts, reasons, time and cost, and the funnel. */
export function registerStatus(program: Command): void {
  program
    .command('status')
    .description(
      'each stage of a pipeline run: items in, done, skipped, failed, out, reasons, time, cost; the funnel',
    )
    .argument('<dir>', 'a pipeline run directory, <out>/<name> (it holds pipeline.json)')
    .option('--json', 'print { stages: [...], funnel: {...} }')
    .action(async (dir: string, flags: { json?: boolean }) => {
      const status = await pipelineStatus(dir);
      console.log(flags.json ? JSON.stringify(status, null, 2) : formatStatus(status));
    });
}
