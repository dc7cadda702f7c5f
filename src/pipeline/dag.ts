import type { PipelineFile } from './file.js';
import { stageKinds } from './stages/index.js';
import type { RecordType } from './stages/types.js';

/** What each stage writes, given its config. */
export function stageWrites(file: PipelineFile): Record<string, RecordType[]> {
  return Object.fromEntries(
    Object.entries(file.stages).map(([name, stage]) => [
      name,
      (stageKinds[stage.block].writes as (config: unknown) => RecordType[])(stage.config),
    ]),
  );
}

function checkEdges(file: PipelineFile): string[] {
  const writes = stageWrites(file);
  return Object.entries(file.stages).flatMap(([name, stage]) => {
    const { reads } = stageKinds[stage.block];
    const accepted = [...reads.required, ...reads.optional];
    const problems = stage.from.flatMap((up, i) => {
      const at = `stages.${name}.from[${i}]`;
      if (!(up in file.stages)) return [`${at}: unknown stage "${up}"`];
      if (up === name) return [`${at}: a stage cannot read from itself`];
      if (accepted.length === 0)
        return [`${at}: ${stage.block} reads no upstream records, only the repositories`];
      const given = writes[up] ?? [];
      return given.some((type) => accepted.includes(type))
        ? []
        : [
            `${at}: stage "${up}" (${file.stages[up]!.block}) writes ${given.join(', ') || 'nothing'}; ` +
              `${stage.block} reads ${accepted.join(' or ')}`,
          ];
    });
    if (problems.length > 0) return problems;
    const available = new Set(stage.from.flatMap((up) => writes[up] ?? []));
    const missing = reads.required.filter((type) => !available.has(type));
    return missing.length === 0
      ? []
      : [`stages.${name}.from: ${stage.block} needs ${missing.join(', ')} from an upstream stage`];
  });
}

/** The stages in an order where each comes after those it reads from; a cycle is named, stage by stage. */
function topologicalOrder(file: PipelineFile): { order: string[]; cycle?: string[] } {
  const order: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (name: string, trail: string[]): string[] | undefined => {
    if (state.get(name) === 'done') return undefined;
    if (state.get(name) === 'visiting') return [...trail.slice(trail.indexOf(name)), name];
    state.set(name, 'visiting');
    for (const up of file.stages[name]!.from) {
      const cycle = visit(up, [...trail, name]);
      if (cycle) return cycle;
    }
    state.set(name, 'done');
    order.push(name);
    return undefined;
  };
  for (const name of Object.keys(file.stages)) {
    const cycle = visit(name, []);
    if (cycle) return { order, cycle };
  }
  return { order };
}

/**
 * Checks the graph of a parsed pipeline file: every `from` names a stage, that stage writes a record type
 * the reader takes, no cycles. Returns the stages in topological order, or one line per problem.
 */
export function checkGraph(file: PipelineFile): { order: string[]; problems: string[] } {
  const problems = checkEdges(file);
  if (problems.length > 0) return { order: [], problems };
  const { order, cycle } = topologicalOrder(file);
  if (cycle) return { order: [], problems: [`stages.${cycle[0]}.from: cycle ${cycle.join(' -> ')}`] };
  return { order, problems: [] };
}

/** The stages `selected` lists plus every stage they read from, transitively, in `order`. */
export function withUpstream(file: PipelineFile, order: string[], selected: string[]): string[] {
  const keep = new Set<string>();
  const add = (name: string) => {
    if (keep.has(name)) return;
    keep.add(name);
    file.stages[name]!.from.forEach(add);
  };
  selected.forEach(add);
  return order.filter((name) => keep.has(name));
}
