import type { SelectorName } from '../../../schema/tts.js';
import { normalizePatch, type TtsCandidate } from './candidates.js';

/** A candidate as selectors see it: its verdict and what they may look at, precomputed once. */
export interface Scored {
  resolved: boolean;
  score: number | undefined;
  /** The normalized patch; empty for an empty patch. */
  normalized: string;
}

/**
 * A selector returns the candidates of a subset it would submit: one, or several when tied. Ties are
 * broken uniformly at random, so the expected correctness is the mean over the returned candidates.
 */
export type Selector = (subset: readonly Scored[]) => readonly Scored[];

export function toScored(candidate: TtsCandidate): Scored {
  return {
    resolved: candidate.resolved,
    score: candidate.score,
    normalized: normalizePatch(candidate.patch),
  };
}

const nonEmptyOr = (subset: readonly Scored[]) => {
  const nonEmpty = subset.filter((c) => c.normalized !== '');
  return nonEmpty.length > 0 ? nonEmpty : subset;
};

function verifier(subset: readonly Scored[]): readonly Scored[] {
  const best = Math.max(...subset.map((c) => c.score ?? -Infinity));
  return subset.filter((c) => (c.score ?? -Infinity) === best);
}

function random(subset: readonly Scored[]): readonly Scored[] {
  return subset;
}

/** The non-empty patches that occur most often (all tied groups); all candidates when every patch is empty. */
function majority(subset: readonly Scored[]): readonly Scored[] {
  const votes = new Map<string, number>();
  let top = 0;
  for (const c of subset) {
    if (c.normalized === '') continue;
    const count = (votes.get(c.normalized) ?? 0) + 1;
    votes.set(c.normalized, count);
    top = Math.max(top, count);
  }
  if (top === 0) return subset;
  return subset.filter((c) => c.normalized !== '' && votes.get(c.normalized) === top);
}

/** The shortest non-empty patches; all candidates when every patch is empty. */
function shortest(subset: readonly Scored[]): readonly Scored[] {
  const pool = nonEmptyOr(subset);
  const min = Math.min(...pool.map((c) => c.normalized.length));
  return pool.filter((c) => c.normalized.length === min);
}

/** A selector, and its key when it submits the highest-keyed candidate (then best@k has a closed form). */
export interface SelectorSpec {
  pick: Selector;
  key?: (candidate: Scored) => number;
  /** A fast equivalent of `pickValue(pick(subset))` on candidate indices, prepared once per instance. */
  valueFor?: (candidates: readonly Scored[]) => (subset: number[]) => number;
}

/** The majority vote's expected correctness on index subsets, with patches as group numbers (-1 empty). */
function majorityValueOf(candidates: readonly Scored[]): (subset: number[]) => number {
  const ids = new Map<string, number>();
  const group = candidates.map((c) =>
    c.normalized === '' ? -1 : (ids.get(c.normalized) ?? ids.set(c.normalized, ids.size).get(c.normalized)!),
  );
  const resolved = candidates.map((c) => (c.resolved ? 1 : 0));
  const votes = new Int32Array(ids.size);
  return (subset) => {
    let top = 0;
    for (const i of subset) if (group[i]! >= 0) top = Math.max(top, ++votes[group[i]!]!);
    let hits = 0;
    let picked = 0;
    for (const i of subset) {
      if (top > 0 && (group[i]! < 0 || votes[group[i]!] !== top)) continue;
      hits += resolved[i]!;
      picked++;
    }
    for (const i of subset) if (group[i]! >= 0) votes[group[i]!] = 0;
    return hits / picked;
  };
}

/** The selectors, by name. `verifier` needs every candidate scored. */
export const selectors: Record<SelectorName, SelectorSpec> = {
  verifier: { pick: verifier, key: (c) => c.score ?? -Infinity },
  random: { pick: random, key: () => 0 },
  majority: { pick: majority, valueFor: majorityValueOf },
  shortest: { pick: shortest, key: (c) => (c.normalized === '' ? -Infinity : -c.normalized.length) },
};

/** The expected correctness of a selector's pick: the mean verdict over its tied candidates. */
export function pickValue(picked: readonly Scored[]): number {
  return picked.filter((c) => c.resolved).length / picked.length;
}
