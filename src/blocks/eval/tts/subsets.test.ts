import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../random.js';
import { allSubsets, expectOverSubsets, sampledSubsets } from './subsets.js';

describe('k-subsets', () => {
  it('enumerates every k-subset once, in lexicographic order', () => {
    expect([...allSubsets(4, 2)]).toEqual([
      [0, 1],
      [0, 2],
      [0, 3],
      [1, 2],
      [1, 3],
      [2, 3],
    ]);
    expect([...allSubsets(3, 3)]).toEqual([[0, 1, 2]]);
    expect([...allSubsets(10, 5)]).toHaveLength(252);
  });

  it('draws the same subsets from the same seed, each of k distinct members', () => {
    const a = [...sampledSubsets(30, 10, 50, mulberry32(7))];
    const b = [...sampledSubsets(30, 10, 50, mulberry32(7))];
    expect(a).toEqual(b);
    for (const subset of a) expect(new Set(subset).size).toBe(10);
    expect(a).not.toEqual([...sampledSubsets(30, 10, 50, mulberry32(8))]);
  });

  it('is exact up to the limit and sampled past it, and both estimate the same mean', () => {
    const policy = { exactLimit: 200, samples: 20_000, seed: 1 };
    const containsZero = (subset: number[]) => (subset.includes(0) ? 1 : 0);
    expect(expectOverSubsets(10, 3, containsZero, policy, 'a')).toEqual({
      mean: 0.3,
      method: 'exact',
      subsets: 120,
    });
    const sampled = expectOverSubsets(30, 10, containsZero, policy, 'a');
    expect(sampled.method).toBe('sampled');
    expect(sampled.subsets).toBe(20_000);
    // Three standard errors of a 20,000-draw mean of a 1/3 Bernoulli.
    expect(Math.abs(sampled.mean - 10 / 30)).toBeLessThan(3 * Math.sqrt(((1 / 3) * (2 / 3)) / 20_000));
  });
});
