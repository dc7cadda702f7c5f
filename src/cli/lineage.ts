import type { Command } from 'commander';
import { formatTable } from '../format-table.js';
import { walkLineage, type LineageHop } from '../pipeline/lineage-walk.js';

/** The chain as text: one row per hop, the record first and its commit or bug last. */
export function formatLineage(hops: LineageHop[]): string {
  const rows = hops.map((h) => [h.stage, h.block, h.id, h.inputs.join(', ')]);
  return formatTable([['stage', 'block', 'id', 'inputs'], ...rows]);
}

/** Adds `legofactory lineage ID --out DIR`: walks a record back through every stage to its commit or bug. */
export function registerLineage(program: Command): void {
  program
    .command('lineage')
    .description(
      'walk a record (instance, trajectory, SFT sample...) back through every stage to its commit or bug',
    )
    .argument('<id>', 'the record id: instance_id, trajectory_id, sample_id')
    .option('--out <dir>', 'the --out of legofactory run, or one pipeline run directory in it', 'runs')
    .option('--json', 'print the hops as a JSON list of { stage, block, id, inputs }')
    .action(async (id: string, flags: { out: string; json?: boolean }) => {
      const hops = await walkLineage(id, flags.out);
      console.log(flags.json ? JSON.stringify(hops, null, 2) : formatLineage(hops));
    });
}
