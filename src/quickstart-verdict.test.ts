import { describe, expect, it } from 'vitest';
import { quickstartGuarantees } from './examples/guarantees.js';
import { formatQuickstartNumbers, quickstartVerdict, type QuickstartNumbers } from './quickstart-verdict.js';

const good: QuickstartNumbers = {
  interrupted: false,
  model: false,
  gold: { resolved: 5, total: 5 },
  empty: { resolved: 0, total: 5 },
  historyValidated: 7,
  synthValid: { procedural: 8, combine: 4 },
  trajgen: { policy: 'gold', trajectories: 7, resolved: 7 },
};

describe('quickstartVerdict', () => {
  it('is OK when every number is what the examples guarantee', () => {
    expect(quickstartVerdict(good)).toEqual({
      ok: true,
      mismatches: [],
      line: 'quickstart: OK — every number matches what the examples guarantee',
    });
  });

  it('fails on the fresh-machine numbers of issue 11 and names each one that differs', () => {
    const verdict = quickstartVerdict({
      ...good,
      gold: { resolved: 3, total: 5 },
      historyValidated: 4,
      trajgen: { policy: 'gold', trajectories: 4, resolved: 4 },
    });
    expect(verdict.ok).toBe(false);
    expect(verdict.line).toBe(
      'quickstart: FAILED — gold resolved 3/5 (expected 5/5), swegen validated from history 4 (expected 7), ' +
        'trajgen (gold policy) resolved 4/4 (expected 7/7)',
    );
  });

  it('fails on an empty baseline that resolves, a synth strategy short of its yield, or a missing one', () => {
    expect(quickstartVerdict({ ...good, empty: { resolved: 1, total: 5 } }).mismatches).toEqual([
      'empty resolved 1/5 (expected 0/5)',
    ]);
    expect(quickstartVerdict({ ...good, synthValid: { procedural: 7 } }).mismatches).toEqual([
      'synth procedural valid 7 (expected 8)',
      'synth combine valid 0 (expected 4)',
    ]);
  });

  it('fails an interrupted run and says which stages never ran', () => {
    const { gold, empty } = good;
    const verdict = quickstartVerdict({ interrupted: true, model: false, gold, empty });
    expect(verdict.mismatches).toEqual([
      'interrupted',
      'swegen validated from history did not run (expected 7)',
      'synth procedural valid did not run (expected 8)',
      'synth combine valid did not run (expected 4)',
      'trajgen (gold policy) resolved did not run (expected 7/7)',
    ]);
  });

  it('with a model, checks only the numbers the model cannot change', () => {
    const verdict = quickstartVerdict({
      ...good,
      model: true,
      synthValid: { procedural: 8, 'lm-modify': 2, 'lm-rewrite': 1, combine: 6 },
      trajgen: { policy: 'model', trajectories: 7, resolved: 3 },
    });
    expect(verdict).toMatchObject({ ok: true, mismatches: [] });
    expect(verdict.line).toBe(
      'quickstart: OK — every number matches what the examples guarantee (the model-dependent ones are not checked)',
    );
    const fellBack = {
      ...good,
      model: true,
      trajgen: { policy: 'gold' as const, trajectories: 7, resolved: 6 },
    };
    expect(quickstartVerdict(fellBack).mismatches).toEqual([
      'trajgen (gold policy) resolved 6/7 (expected 7/7)',
    ]);
  });

  it('checks against the guarantees it is given', () => {
    const stricter = { ...quickstartGuarantees, historyValidated: 8 };
    expect(quickstartVerdict(good, stricter).mismatches).toEqual([
      'swegen validated from history 7 (expected 8)',
    ]);
  });
});

describe('formatQuickstartNumbers', () => {
  it('puts every number on one line', () => {
    expect(formatQuickstartNumbers(good)).toBe(
      'gold resolved 5/5; empty resolved 0/5; swegen validated 7 instances from history; ' +
        'synth valid procedural 8, combine 4; trajgen (gold policy) resolved 7/7',
    );
  });
});
