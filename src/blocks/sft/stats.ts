import { histogram, histogramEdges, type Difficulty } from './curriculum.js';
import type { LineResult, SftPart } from './process.js';
import type { SftProvenance, SftStats } from '../../schema/sft.js';

function bump(counts: Record<string, number>, key: string, by = 1): void {
  counts[key] = (counts[key] ?? 0) + by;
}

/** Counts what happened to every input line while the build streams. */
export class StatsTally {
  records = 0;
  kept = 0;
  readonly excluded: Record<string, number> = {};
  readonly dropped: Record<string, number> = {};
  readonly repaired: Record<string, number> = {};
  readonly verifierDropped: Record<string, number> = {};
  assistantTurns = 0;
  maskedTurns = 0;
  tokens = 0;
  trainedTokens = 0;
  private readonly sources = new Map<string, SftStats['provenance'][number]>();

  line(result: LineResult): void {
    this.records++;
    if (result.excluded) bump(this.excluded, result.excluded);
    if (result.dropped) bump(this.dropped, result.dropped);
    if (result.verifierDropped) bump(this.verifierDropped, result.verifierDropped);
  }

  drop(reason: string): void {
    bump(this.dropped, reason);
  }

  verifierDrop(reason: string): void {
    bump(this.verifierDropped, reason);
  }

  keep(part: SftPart, repairs: string[]): void {
    this.kept++;
    for (const repair of new Set(repairs)) bump(this.repaired, repair);
    this.assistantTurns += part.turns;
    this.maskedTurns += part.maskedTurns;
    this.tokens += part.tokens;
    this.trainedTokens += part.trainedTokens;
    this.countSource(part.provenance);
  }

  private countSource(source: SftProvenance): void {
    const key = JSON.stringify([source.policy, source.model, source.endpoint]);
    const entry = this.sources.get(key) ?? { ...source, samples: 0 };
    entry.samples++;
    this.sources.set(key, entry);
  }

  /** Kept samples by provenance, most first. */
  get provenance(): SftStats['provenance'] {
    return [...this.sources.values()].sort((a, b) => b.samples - a.samples);
  }
}

/** Per-stage histograms of turns and tokens, on edges shared by all stages. */
export function stageHistograms(
  stages: number[],
  turns: number[],
  tokens: number[],
  count: number,
): Array<Pick<SftStats['stages'][number], 'samples' | 'turns' | 'tokens'>> {
  const turnEdges = histogramEdges(turns);
  const tokenEdges = histogramEdges(tokens);
  return Array.from({ length: count }, (_, i) => {
    const members = stages.flatMap((stage, j) => (stage === i + 1 ? [j] : []));
    return {
      samples: members.length,
      turns: histogram(
        members.map((j) => turns[j]!),
        turnEdges,
      ),
      tokens: histogram(
        members.map((j) => tokens[j]!),
        tokenEdges,
      ),
    };
  });
}

function reasons(counts: Record<string, number>): string {
  const entries = Object.entries(counts).sort((a, b) => b[1] - a[1]);
  return entries.length === 0 ? 'none' : entries.map(([reason, n]) => `${reason} ${n}`).join(', ');
}

function range(edges: number[], counts: number[]): string {
  const used = counts.flatMap((n, i) => (n > 0 ? [i] : []));
  if (used.length === 0) return '-';
  return `${edges[used[0]!]}-${edges[used.at(-1)! + 1]! - 1}`;
}

const includeFlags: Record<string, string> = {
  gold_policy: '--include-gold',
  touches_test_infra: '--include-test-infra',
};

function excludedHint(excluded: Record<string, number>): string {
  const flags = Object.keys(excluded).flatMap((reason) => includeFlags[reason] ?? []);
  return flags.length === 0 ? '' : ` (${flags.join(', ')} keeps them)`;
}

function source(p: SftStats['provenance'][number]): string {
  return `${p.samples} ${p.policy} ${p.model}${p.endpoint ? ` at ${p.endpoint}` : ''}`;
}

/** The printed summary of a build. */
export function formatSftStats(stats: SftStats): string {
  const { curriculum } = stats;
  const lines = [
    `sft build (${stats.format}, tokenizer ${stats.tokenizer}): ${stats.records} trajectories read, ${stats.kept} samples kept`,
    `excluded: ${reasons(stats.excluded)}${excludedHint(stats.excluded)}`,
    `dropped: ${reasons(stats.dropped)}`,
    `repaired: ${reasons(stats.repaired)}`,
    `masked turns: ${stats.masked_turns} of ${stats.assistant_turns} (${(stats.masked_turn_fraction * 100).toFixed(1)}%); tokens ${stats.tokens}, trained ${stats.trained_tokens}`,
    `curriculum by ${curriculum.difficulty}, ${curriculum.stages} stages, boundaries [${curriculum.boundaries.join(', ')}]:`,
    ...stats.stages.map(
      (s) =>
        `  stage ${s.stage}: ${s.samples} samples, turns ${range(s.turns.edges, s.turns.counts)}, tokens ${range(s.tokens.edges, s.tokens.counts)} -> ${s.file}`,
    ),
    `easy to hard: ${stats.ordered_file}`,
    `from: ${stats.provenance.map(source).join('; ') || 'none'}`,
  ];
  if (stats.verifier) {
    const v = stats.verifier;
    lines.push(
      `verifier: ${v.yes} YES, ${v.no} NO (${v.balance}) -> ${v.file}; dropped: ${reasons(v.dropped)}`,
    );
  }
  return lines.join('\n');
}

export type { Difficulty };
