import type { SelectorName, SubsetMethod } from '../../../schema/tts.js';
import type { TtsCandidate } from './candidates.js';
import { bestOfKeyed, passAtK } from './estimators.js';
import { pickValue, selectors, toScored, type Scored } from './selectors.js';
import { expectOverSubsets, type SubsetPolicy } from './subsets.js';

/** One instance's metrics at one k. A selector is absent where it cannot be computed (unscored candidates). */
export interface InstanceAtK {
  pass_at_k: number;
  best_at_k: Partial<Record<SelectorName, number>>;
  subsets: SubsetMethod;
}

/** One row of the per-instance table: counts, and the metrics at each k (null where n < k). */
export interface InstanceRow {
  instance_id: string;
  /** Usable (judged, deduplicated) trajectories. */
  n: number;
  resolved: number;
  missing_scores: number;
  at: Record<number, InstanceAtK | null>;
}

/** The expected correctness of a selector over an instance's k-subsets: closed form when it has a key. */
function selectorAtK(scored: Scored[], k: number, name: SelectorName, policy: SubsetPolicy, label: string) {
  const { pick, key, valueFor } = selectors[name];
  if (key) {
    const value = bestOfKeyed(
      scored.map(key),
      scored.map((c) => c.resolved),
      k,
    );
    return { mean: value, method: undefined };
  }
  const value = valueFor?.(scored) ?? ((subset: number[]) => pickValue(pick(subset.map((i) => scored[i]!))));
  const result = expectOverSubsets(scored.length, k, value, policy, label);
  return { mean: result.mean, method: { method: result.method, subsets: result.subsets } };
}

/** best@k of every selector at one k, ties averaged; `subsets` says how the enumerated ones were taken. */
function bestAtK(
  scored: Scored[],
  k: number,
  names: SelectorName[],
  policy: SubsetPolicy,
  label: string,
): Pick<InstanceAtK, 'best_at_k' | 'subsets'> {
  const best_at_k: InstanceAtK['best_at_k'] = {};
  let subsets: SubsetMethod = { method: 'exact', subsets: 0 };
  for (const name of names) {
    const result = selectorAtK(scored, k, name, policy, label);
    best_at_k[name] = result.mean;
    if (result.method) subsets = result.method;
  }
  return { best_at_k, subsets };
}

/** The metrics of one instance's candidates at every k in `ks`; the verifier only when all are scored. */
export function instanceMetrics(
  instanceId: string,
  candidates: TtsCandidate[],
  ks: number[],
  names: SelectorName[],
  policy: SubsetPolicy,
): InstanceRow {
  const n = candidates.length;
  const resolved = candidates.filter((c) => c.resolved).length;
  const missing_scores = candidates.filter((c) => c.score === undefined).length;
  const usable = names.filter((name) => name !== 'verifier' || missing_scores === 0);
  const scored = candidates.map(toScored);
  const at: InstanceRow['at'] = {};
  for (const k of ks)
    at[k] =
      k > n
        ? null
        : { pass_at_k: passAtK(n, resolved, k), ...bestAtK(scored, k, usable, policy, `${instanceId}@${k}`) };
  return { instance_id: instanceId, n, resolved, missing_scores, at };
}
