import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createProgress, formatSummary, type RunSummary } from './progress.js';

function capture(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  const chunks: string[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk.toString()));
  return { stream, text: () => chunks.join('') };
}

describe('createProgress', () => {
  it('prints a line per 10% of items when the stream is not a TTY', () => {
    const out = capture();
    const progress = createProgress('auto', { block: 'calc', total: 20, stream: out.stream });
    for (let done = 1; done <= 20; done++) progress.update({ done, skipped: 0, failed: 0 });
    progress.stop();
    const lines = out.text().trimEnd().split('\n');
    expect(lines).toHaveLength(10);
    expect(lines[0]).toMatch(/^calc: 2\/20 \(10%\) done 2, skipped 0, failed 0, \d+\.\d s, eta \d+ s$/);
    expect(lines[9]).toMatch(/^calc: 20\/20 \(100%\) done 20, skipped 0, failed 0, /);
  });

  it('prints a line every interval even between 10% steps', async () => {
    const out = capture();
    const progress = createProgress('lines', { block: 'b', total: 1000, stream: out.stream, intervalMs: 20 });
    progress.update({ done: 1, skipped: 0, failed: 0 });
    await new Promise((resolve) => setTimeout(resolve, 30));
    progress.update({ done: 2, skipped: 5, failed: 1 });
    expect(out.text()).toMatch(/^b: 8\/1000 \(0%\) done 2, skipped 5, failed 1, \d+\.\d s, eta .+\n$/);
  });

  it('estimates the time left from the items worked on, not the ones skipped as done before', () => {
    const out = capture();
    let clock = 0;
    const now = () => clock;
    const progress = createProgress('lines', {
      block: 'b',
      total: 200,
      stream: out.stream,
      now,
      intervalMs: 1,
    });
    clock = 1;
    progress.update({ done: 0, skipped: 50, failed: 0 });
    clock = 10_000;
    progress.update({ done: 8, skipped: 50, failed: 2 });
    clock = 20_000;
    progress.update({ done: 18, skipped: 50, failed: 2 });
    clock = 7_200_000;
    progress.update({ done: 19, skipped: 50, failed: 2 });
    clock = 7_300_000;
    progress.update({ done: 148, skipped: 50, failed: 2 });
    expect(out.text().trimEnd().split('\n')).toEqual([
      'b: 50/200 (25%) done 0, skipped 50, failed 0, 0.0 s, eta --',
      'b: 60/200 (30%) done 8, skipped 50, failed 2, 10.0 s, eta 2 min 20 s',
      'b: 70/200 (35%) done 18, skipped 50, failed 2, 20.0 s, eta 2 min 10 s',
      'b: 71/200 (35%) done 19, skipped 50, failed 2, 7200.0 s, eta 12 h 17 min',
      'b: 200/200 (100%) done 148, skipped 50, failed 2, 7300.0 s, eta 0 s',
    ]);
  });

  it('draws a bar with the counts and the time left on a terminal', () => {
    const out = capture();
    const stream = Object.assign(out.stream, { isTTY: true, columns: 200 });
    let clock = 0;
    const progress = createProgress('auto', { block: 'calc', total: 4, stream, now: () => clock });
    clock = 2_000;
    progress.update({ done: 1, skipped: 0, failed: 0 });
    progress.stop();
    expect(out.text()).toContain('calc [');
    expect(out.text()).toContain('] 1/4 | done 1 skipped 0 failed 0 | eta 6 s');
  });

  it('prints nothing when off', () => {
    const out = capture();
    const progress = createProgress('off', { block: 'b', total: 1, stream: out.stream });
    progress.update({ done: 1, skipped: 0, failed: 0 });
    expect(out.text()).toBe('');
  });
});

describe('formatSummary', () => {
  const summary: RunSummary = {
    block: 'calc',
    total: 30,
    done: 3,
    skipped: 2,
    failed: 22,
    interrupted: true,
    failures: Array.from({ length: 22 }, (_, i) => ({
      key: `k${i}`,
      code: 'timeout',
      message: `slow\nstack ${i}`,
    })),
    duration_ms: 1234,
  };

  it('gives a headline and the first 20 failures, one line each', () => {
    const lines = formatSummary(summary).split('\n');
    expect(lines[0]).toBe('calc: 30 items, 3 done, 2 skipped, 22 failed in 1.2 s (interrupted: 3 not run)');
    expect(lines[1]).toBe('failures:');
    expect(lines[2]).toBe('  k0: timeout: slow');
    expect(lines[22]).toBe('  ... and 2 more');
    expect(lines).toHaveLength(23);
  });

  it('is one line for a clean run', () => {
    const clean = { ...summary, done: 28, failed: 0, failures: [], interrupted: false };
    expect(formatSummary(clean)).toBe('calc: 30 items, 28 done, 2 skipped, 0 failed in 1.2 s');
  });
});
