/** What orders the curriculum: assistant turns (SWE-Lego's trajectory length), or tokens. */
export type Difficulty = 'turns' | 'tokens';

/**
 * Stage boundaries at the quantiles of the difficulties: boundary k is the largest difficulty among the
 * easiest k/stages of the samples. Equal difficulties always share a stage, so a stage can be empty.
 */
export function stageBoundaries(difficulties: number[], stages: number): number[] {
  const sorted = [...difficulties].sort((a, b) => a - b);
  if (sorted.length === 0) return [];
  return Array.from({ length: stages - 1 }, (_, i) => {
    const rank = Math.ceil(((i + 1) * sorted.length) / stages) - 1;
    return sorted[Math.max(0, rank)]!;
  });
}

/** The 1-based stage of a difficulty: one more than the boundaries it exceeds. */
export function stageOf(difficulty: number, boundaries: number[]): number {
  return 1 + boundaries.filter((boundary) => difficulty > boundary).length;
}

export interface Histogram {
  /** bins + 1 increasing edges; bin i counts values in [edges[i], edges[i+1]) and the last bin is closed. */
  edges: number[];
  counts: number[];
}

/** Equal-width integer edges from the minimum to the maximum value, at most `bins` bins. */
export function histogramEdges(values: number[], bins = 10): number[] {
  if (values.length === 0) return [0, 1];
  const min = values.reduce((a, b) => Math.min(a, b));
  const max = values.reduce((a, b) => Math.max(a, b));
  const width = Math.max(1, Math.ceil((max - min + 1) / bins));
  const edges = [min];
  while (edges.at(-1)! <= max) edges.push(edges.at(-1)! + width);
  return edges;
}

export function histogram(values: number[], edges: number[]): Histogram {
  const counts = new Array<number>(edges.length - 1).fill(0);
  for (const value of values) {
    const bin = edges.findIndex((edge, i) => i > 0 && value < edge) - 1;
    counts[bin < 0 ? counts.length - 1 : bin]! += 1;
  }
  return { edges, counts };
}
