import { createHash } from 'node:crypto';
import { mulberry32 } from '../../../random.js';

/** A seeded pseudo-random source: the same seed and key give the same sequence on every machine. */
export interface Rng {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [0, n). */
  int(n: number): number;
  pick<T>(items: readonly T[]): T;
  /** A shuffled copy. */
  shuffle<T>(items: readonly T[]): T[];
}

/** mulberry32 seeded from sha256(seed, key...). */
export function createRng(seed: number | string, ...key: (string | number)[]): Rng {
  const digest = createHash('sha256')
    .update(JSON.stringify([seed, ...key]))
    .digest();
  const next = mulberry32(digest.readUInt32LE(0));
  const int = (n: number) => Math.floor(next() * n);
  return {
    next,
    int,
    pick: (items) => items[int(items.length)]!,
    shuffle: (items) => {
      const copy = [...items];
      for (let i = copy.length - 1; i > 0; i -= 1) {
        const j = int(i + 1);
        [copy[i], copy[j]] = [copy[j]!, copy[i]!];
      }
      return copy;
    },
  };
}

/** A permutation of 0..n-1 that is not the identity (n ≥ 2). */
export function shuffledOrder(rng: Rng, n: number): number[] {
  const order = rng.shuffle([...Array(n).keys()]);
  if (order.every((value, index) => value === index)) order.push(order.shift()!);
  return order;
}
