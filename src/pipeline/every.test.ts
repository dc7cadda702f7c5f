import { describe, expect, it } from 'vitest';
import { parsePeriod, runEvery } from './every.js';

describe('parsePeriod', () => {
  it('reads seconds, minutes, hours and days', () => {
    expect(['90s', '30m', '6h', '1d'].map(parsePeriod)).toEqual([90_000, 1_800_000, 21_600_000, 86_400_000]);
  });

  it('refuses anything else, naming the flag', () => {
    for (const bad of ['6', '0h', '1.5h', '-1m', 'h', '6 hours'])
      expect(() => parsePeriod(bad)).toThrow(`--every: "${bad}" is not a period such as 90s, 30m, 6h or 1d`);
  });
});

describe('runEvery', () => {
  it('runs once per period until maxRuns, numbering the runs', async () => {
    const runs: number[] = [];
    const n = await runEvery(async (i) => void runs.push(i), {
      periodMs: 5,
      stop: new AbortController().signal,
      maxRuns: 3,
    });
    expect(n).toBe(3);
    expect(runs).toEqual([0, 1, 2]);
  });

  it('on stop, lets the run in progress finish and starts no other, without waiting out the period', async () => {
    const stop = new AbortController();
    const events: string[] = [];
    const started = Date.now();
    const n = await runEvery(
      async (i) => {
        events.push(`start ${i}`);
        if (i === 1) stop.abort();
        await new Promise((resolve) => setTimeout(resolve, 20));
        events.push(`end ${i}`);
      },
      { periodMs: 50, stop: stop.signal },
    );
    expect(n).toBe(2);
    expect(events).toEqual(['start 0', 'end 0', 'start 1', 'end 1']);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('a stop during the pause ends the loop at once', async () => {
    const stop = new AbortController();
    const started = Date.now();
    setTimeout(() => stop.abort(), 30);
    const n = await runEvery(async () => {}, { periodMs: 3_600_000, stop: stop.signal });
    expect(n).toBe(1);
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
