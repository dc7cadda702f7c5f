import { describe, expect, it } from 'vitest';
import type { TtsCandidate } from './candidates.js';
import type { SelectorName } from '../../../schema/tts.js';
import { instanceMetrics } from './instance-metrics.js';
import { pickValue, selectors, toScored } from './selectors.js';
import { allSubsets, defaultSubsetPolicy } from './subsets.js';

function candidates(scores: (number | undefined)[], resolved: boolean[], patches?: string[]): TtsCandidate[] {
  return scores.map((score, sample) => ({
    instance_id: 'acme__calc-1',
    trajectory_id: `acme__calc-1#${sample}`,
    sample,
    model: 'm',
    patch: patches?.[sample] ?? `diff --git a/f b/f\n+${sample}\n`,
    resolved: resolved[sample]!,
    ...(score === undefined ? {} : { score }),
  }));
}

const verifierAt = (cs: TtsCandidate[], k: number, policy = defaultSubsetPolicy) =>
  instanceMetrics('i', cs, [k], ['verifier'], policy).at[k]!.best_at_k.verifier!;

/** best@k by brute force: the selector's pick on every k-subset, ties averaged. */
function enumerated(cs: TtsCandidate[], k: number, name: SelectorName): number {
  const scored = cs.map(toScored);
  let sum = 0;
  let count = 0;
  for (const subset of allSubsets(cs.length, k)) {
    sum += pickValue(selectors[name].pick(subset.map((i) => scored[i]!)));
    count++;
  }
  return sum / count;
}

describe('best@k of the verifier', () => {
  // scores 0.9 (resolved), 0.9 (not), 0.5 (resolved), 0.1 (not): hand-enumerated below.
  const cs = candidates([0.9, 0.9, 0.5, 0.1], [true, false, true, false]);

  it('averages ties: known values at every k', () => {
    expect(verifierAt(cs, 1)).toBe(0.5);
    // {0,1} tie 0.5; {0,2} 1; {0,3} 1; {1,2} 0; {1,3} 0; {2,3} 1 => 3.5 / 6
    expect(verifierAt(cs, 2)).toBeCloseTo(3.5 / 6, 15);
    // {0,1,2} 0.5; {0,1,3} 0.5; {0,2,3} 1; {1,2,3} 0 => 2 / 4
    expect(verifierAt(cs, 3)).toBe(0.5);
    expect(verifierAt(cs, 4)).toBe(0.5);
  });

  it('picks the resolved one when scores separate them, at any k', () => {
    const clear = candidates([0.2, 0.95, 0.1], [false, true, false]);
    expect(verifierAt(clear, 3)).toBe(1);
    expect(verifierAt(clear, 2)).toBeCloseTo(2 / 3, 15);
  });

  it('equals the picks enumerated on every subset, for every selector, ties included', () => {
    let cases = 0;
    for (let n = 1; n <= 8; n++) {
      const scores = Array.from({ length: n }, (_, i) => [0.3, 0.7, 0.7, 0.1][i % 4]!);
      const resolved = Array.from({ length: n }, (_, i) => i % 3 === 0);
      const patches = Array.from(
        { length: n },
        (_, i) => ['', 'diff\n+ab\n', 'diff\n+a\n', 'diff\n+b\n'][i % 4]!,
      );
      const group = candidates(scores, resolved, patches);
      for (let k = 1; k <= n; k++)
        for (const name of ['verifier', 'shortest', 'random', 'majority'] as const) {
          const row = instanceMetrics('i', group, [k], [name], defaultSubsetPolicy);
          expect(row.at[k]!.best_at_k[name]).toBeCloseTo(enumerated(group, k, name), 12);
          cases++;
        }
    }
    expect(cases).toBe(144);
  });

  it('stays exact where the subsets are too many to enumerate', () => {
    // One resolved candidate scored above 39 others: TTS@k is the chance it is drawn, k / 40.
    const group = candidates(
      Array.from({ length: 40 }, (_, i) => (i === 7 ? 0.9 : 0.5)),
      Array.from({ length: 40 }, (_, i) => i === 7),
    );
    const row = instanceMetrics('i', group, [1, 20, 39], ['verifier'], defaultSubsetPolicy);
    expect(row.at[20]!.best_at_k.verifier).toBeCloseTo(0.5, 14);
    expect(row.at[39]!.best_at_k.verifier).toBeCloseTo(39 / 40, 14);
    expect(row.at[20]!.subsets).toEqual({ method: 'exact', subsets: 0 });
  });
});

describe('the majority vote past the exact limit', () => {
  it('samples seeded subsets and lands near full enumeration', () => {
    const resolved = Array.from({ length: 20 }, (_, i) => i % 3 === 0);
    const patches = Array.from({ length: 20 }, (_, i) => `diff\n+${i % 3 === 0 ? 'fix' : i % 5}\n`);
    const group = candidates(Array<undefined>(20).fill(undefined), resolved, patches);
    const exact = instanceMetrics('i', group, [6], ['majority'], {
      ...defaultSubsetPolicy,
      exactLimit: 50_000,
    });
    expect(exact.at[6]!.subsets).toEqual({ method: 'exact', subsets: 38_760 });
    const policy = { exactLimit: 20_000, samples: 20_000, seed: 3 };
    const sampled = instanceMetrics('i', group, [6], ['majority'], policy).at[6]!;
    expect(sampled.subsets).toEqual({ method: 'sampled', subsets: 20_000 });
    expect(Math.abs(sampled.best_at_k.majority! - exact.at[6]!.best_at_k.majority!)).toBeLessThan(0.015);
    expect(instanceMetrics('i', group, [6], ['majority'], policy).at[6]).toEqual(sampled);
  });
});

describe('the baseline selectors', () => {
  const patches = [
    '',
    'diff --git a/x b/x\n+long fix\n',
    'diff --git a/x b/x\n+fix\n',
    'diff --git a/x b/x\n+fix\n',
  ];
  const cs = candidates([undefined, undefined, undefined, undefined], [false, false, true, true], patches);
  const at = (k: number) =>
    instanceMetrics('i', cs, [k], ['random', 'majority', 'shortest'], defaultSubsetPolicy).at[k]!;

  it('random is the mean verdict at every k', () => {
    for (const k of [1, 2, 3, 4]) expect(at(k).best_at_k.random).toBeCloseTo(0.5, 15);
  });

  it('majority votes over non-empty normalized patches and averages tied groups', () => {
    expect(at(4).best_at_k.majority).toBe(1);
    // pairs: {e,L} L=0; {e,F} 1; {e,F} 1; {L,F} tie 0.5; {L,F} 0.5; {F,F} 1 => 4 / 6
    expect(at(2).best_at_k.majority).toBeCloseTo(4 / 6, 15);
  });

  it('shortest picks the shortest non-empty patch, and an all-empty subset as is', () => {
    expect(at(4).best_at_k.shortest).toBe(1);
    const empty = candidates([undefined, undefined], [false, true], ['', '  \n']);
    const cell = instanceMetrics('i', empty, [2], ['shortest', 'majority'], defaultSubsetPolicy).at[2]!;
    expect(cell.best_at_k).toEqual({ shortest: 0.5, majority: 0.5 });
  });

  it('leaves the verifier out of an instance with an unscored candidate, and k > n out entirely', () => {
    const partly = candidates([0.4, undefined], [true, false]);
    const row = instanceMetrics('i', partly, [1, 2, 3], ['verifier', 'random'], defaultSubsetPolicy);
    expect(row.missing_scores).toBe(1);
    expect(row.at[2]!.best_at_k).toEqual({ random: 0.5 });
    expect(row.at[3]).toBeNull();
    expect(row.at[2]!.pass_at_k).toBe(1);
  });
});
