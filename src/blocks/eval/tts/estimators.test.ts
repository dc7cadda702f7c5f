import { describe, expect, it } from 'vitest';
import { binomialUpTo, passAtK } from './estimators.js';
import { allSubsets } from './subsets.js';

/** pass@k by brute force: the share of k-subsets of n samples (the first c correct) holding a correct one. */
function bruteForcePassAtK(n: number, c: number, k: number): number {
  let hits = 0;
  let total = 0;
  for (const subset of allSubsets(n, k)) {
    total++;
    if (subset.some((i) => i < c)) hits++;
  }
  return hits / total;
}

describe('passAtK', () => {
  it('equals brute-force enumeration for every n <= 10, c, k', () => {
    let cases = 0;
    for (let n = 1; n <= 10; n++)
      for (let c = 0; c <= n; c++)
        for (let k = 1; k <= n; k++) {
          expect(passAtK(n, c, k)).toBeCloseTo(bruteForcePassAtK(n, c, k), 12);
          cases++;
        }
    expect(cases).toBe(440);
  });

  it('is stable where the binomials overflow a double', () => {
    // C(2000, 1000) is about 2e600: the ratio form would be Infinity / Infinity.
    const value = passAtK(2000, 3, 1000);
    const exact = 1 - (1000 * 999 * 998) / (2000 * 1999 * 1998);
    expect(value).toBeCloseTo(exact, 14);
    expect(passAtK(2000, 0, 1000)).toBe(0);
    expect(passAtK(2000, 1001, 1000)).toBe(1);
  });

  it('is c/n at k = 1 and 1 once a k-subset must hold a correct sample', () => {
    expect(passAtK(16, 5, 1)).toBeCloseTo(5 / 16, 15);
    expect(passAtK(16, 5, 12)).toBe(1);
    expect(passAtK(16, 16, 16)).toBe(1);
  });

  it('refuses k > n, c > n and k < 1', () => {
    expect(() => passAtK(4, 1, 5)).toThrow(RangeError);
    expect(() => passAtK(4, 5, 1)).toThrow(RangeError);
    expect(() => passAtK(4, 1, 0)).toThrow(RangeError);
  });
});

describe('binomialUpTo', () => {
  it('counts subsets exactly and stops past the cap', () => {
    expect(binomialUpTo(16, 8)).toBe(12870);
    expect(binomialUpTo(5, 0)).toBe(1);
    expect(binomialUpTo(4, 5)).toBe(0);
    expect(binomialUpTo(64, 32, 20_000)).toBe(Infinity);
  });
});
