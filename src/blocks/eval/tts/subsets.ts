import { createHash } from 'node:crypto';
import { mulberry32 } from '../../../random.js';
import type { SubsetMethod } from '../../../schema/tts.js';
import { binomialUpTo } from './estimators.js';

/** How expectations over k-subsets are taken: every subset up to `exactLimit`, else `samples` seeded draws. */
export interface SubsetPolicy {
  exactLimit: number;
  samples: number;
  seed: number;
}

export const defaultSubsetPolicy: SubsetPolicy = { exactLimit: 20_000, samples: 10_000, seed: 0 };

/** Every k-subset of 0..n-1, in lexicographic order. */
export function* allSubsets(n: number, k: number): Generator<number[]> {
  const picked = Array.from({ length: k }, (_, i) => i);
  while (true) {
    yield [...picked];
    let i = k - 1;
    while (i >= 0 && picked[i]! === n - k + i) i--;
    if (i < 0) return;
    picked[i]!++;
    for (let j = i + 1; j < k; j++) picked[j] = picked[j - 1]! + 1;
  }
}

/** A 32-bit seed derived from the policy seed and a label (the instance and k), so draws are reproducible. */
export function seedFor(seed: number, label: string): number {
  return createHash('sha256').update(`${seed}:${label}`).digest().readUInt32LE(0);
}

/** `count` uniformly drawn k-subsets of 0..n-1 (partial Fisher-Yates per draw). */
export function* sampledSubsets(
  n: number,
  k: number,
  count: number,
  random: () => number,
): Generator<number[]> {
  const order = Array.from({ length: n }, (_, i) => i);
  for (let draw = 0; draw < count; draw++) {
    for (let i = 0; i < k; i++) {
      const j = i + Math.floor(random() * (n - i));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    yield order.slice(0, k);
  }
}

/** The mean of `value` over the k-subsets of 0..n-1: exact when there are few enough, else sampled. */
export function expectOverSubsets(
  n: number,
  k: number,
  value: (subset: number[]) => number,
  policy: SubsetPolicy,
  label: string,
): { mean: number } & SubsetMethod {
  const total = binomialUpTo(n, k, policy.exactLimit);
  const exact = total <= policy.exactLimit;
  const subsets = exact
    ? allSubsets(n, k)
    : sampledSubsets(n, k, policy.samples, mulberry32(seedFor(policy.seed, label)));
  let sum = 0;
  let count = 0;
  for (const subset of subsets) {
    sum += value(subset);
    count++;
  }
  return { mean: sum / count, method: exact ? 'exact' : 'sampled', subsets: count };
}
