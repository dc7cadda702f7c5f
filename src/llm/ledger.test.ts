import { describe, expect, it } from 'vitest';
import { costOf, sumUsage, UsageLedger } from './ledger.js';

describe('UsageLedger', () => {
  it('adds tokens, cost, calls, retries and model time', () => {
    const ledger = new UsageLedger({ inputPerMTok: 2, outputPerMTok: 10 });
    ledger.record({ prompt_tokens: 1000, completion_tokens: 100, attempts: 1, latencyMs: 10.4 });
    ledger.record({ prompt_tokens: 3000, completion_tokens: 0, attempts: 3, latencyMs: 20.4 });
    expect(ledger.usage()).toEqual({
      prompt_tokens: 4000,
      completion_tokens: 100,
      total_tokens: 4100,
      cost_usd: expect.closeTo(0.009, 12),
      model_calls: 2,
      retries: 2,
      model_ms: 31,
    });
    expect(
      costOf({ prompt_tokens: 1e6, completion_tokens: 1e6 }, { inputPerMTok: 1, outputPerMTok: 3 }),
    ).toBe(4);
    expect(sumUsage([ledger.usage(), ledger.usage()]).total_tokens).toBe(8200);
  });
});
