/**
 * The unbiased pass@k estimator `1 - C(n-c, k) / C(n, k)` for `c` correct out of `n` samples, computed as
 * `1 - prod_{i=n-c+1..n} (1 - k/i)`: no factorials, so it stays exact to rounding for any n.
 */
export function passAtK(n: number, c: number, k: number): number {
  if (
    !(Number.isInteger(n) && Number.isInteger(c) && Number.isInteger(k)) ||
    k < 1 ||
    c < 0 ||
    c > n ||
    k > n
  )
    throw new RangeError(
      `pass@k needs whole numbers with 1 <= k <= n and 0 <= c <= n (n=${n}, c=${c}, k=${k})`,
    );
  if (n - c < k) return 1;
  let allWrong = 1;
  for (let i = n - c + 1; i <= n; i++) allWrong *= 1 - k / i;
  return 1 - allWrong;
}

/** C(n, k) as a float, stopping early once it exceeds `cap` (returns Infinity then). */
export function binomialUpTo(n: number, k: number, cap = Number.MAX_SAFE_INTEGER): number {
  const r = Math.min(k, n - k);
  if (r < 0) return 0;
  let value = 1;
  for (let i = 1; i <= r; i++) {
    value = (value * (n - r + i)) / i;
    if (value > cap) return Infinity;
  }
  return Math.round(value);
}

/** C(a, k) / C(n, k) for a <= n, as a product of factors at most 1 (0 when a < k). */
function binomialRatio(a: number, n: number, k: number): number {
  if (a < k) return 0;
  let ratio = 1;
  for (let i = 0; i < k; i++) ratio *= (a - i) / (n - i);
  return ratio;
}

/**
 * The expected correctness, over uniform k-subsets, of submitting the candidate with the highest key,
 * ties broken uniformly: sum over key levels g of P(the subset's top key is g) * (resolved share at g),
 * with P(top is g) = (C(L+m, k) - C(L, k)) / C(n, k) for m candidates at g and L below it. Exact for any n.
 */
export function bestOfKeyed(keys: number[], resolved: boolean[], k: number): number {
  const n = keys.length;
  const levels = [...new Set(keys)].sort((a, b) => a - b);
  let below = 0;
  let value = 0;
  for (const level of levels) {
    const at = keys.flatMap((key, i) => (key === level ? [resolved[i]!] : []));
    const top = binomialRatio(below + at.length, n, k) - binomialRatio(below, n, k);
    value += (top * at.filter(Boolean).length) / at.length;
    below += at.length;
  }
  return value;
}
