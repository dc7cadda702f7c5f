import { describe, expect, it } from 'vitest';
import { OutputCollector } from './output.js';

describe('OutputCollector', () => {
  it('keeps everything under the cap', () => {
    const out = new OutputCollector(10);
    out.push(Buffer.from('abc'));
    out.push(Buffer.from('defg'));
    expect(out.text()).toBe('abcdefg');
    expect(out.truncatedBytes).toBe(0);
  });

  it('keeps head and tail halves and counts the dropped middle exactly', () => {
    const out = new OutputCollector(8);
    for (const piece of ['0123', '4567', '89ab', 'cdef', 'g']) out.push(Buffer.from(piece));
    expect(out.truncatedBytes).toBe(17 - 8);
    expect(out.text()).toBe('0123\n[... 9 bytes truncated ...]\ndefg');
  });

  it('handles many one-byte chunks and an odd cap', () => {
    const out = new OutputCollector(5);
    for (let i = 0; i < 100_000; i += 1) out.push(Buffer.from([97 + (i % 26)]));
    expect(out.truncatedBytes).toBe(100_000 - 5);
    expect(out.text()).toBe(`ab\n[... 99995 bytes truncated ...]\n${tailLetters(100_000, 3)}`);
  });

  it('decodes invalid UTF-8 with replacement characters and joins split code points', () => {
    const out = new OutputCollector();
    const e = Buffer.from('é');
    out.push(Buffer.from([0xff, 0x20, e[0]!]));
    out.push(Buffer.from([e[1]!]));
    expect(out.text()).toBe('\uFFFD é');
  });

  it('streams 200 MB quickly while holding only the cap', () => {
    const out = new OutputCollector(1024 * 1024);
    const chunk = Buffer.alloc(64 * 1024, 'x');
    const started = performance.now();
    out.push(Buffer.from('HEAD'));
    for (let i = 0; i < 3200; i += 1) out.push(chunk);
    out.push(Buffer.from('TAIL'));
    const text = out.text();
    expect(performance.now() - started).toBeLessThan(2000);
    expect(out.truncatedBytes).toBe(8 + 3200 * 64 * 1024 - 1024 * 1024);
    expect(text.startsWith('HEADxxx')).toBe(true);
    expect(text.endsWith('xxxTAIL')).toBe(true);
    expect(text.length).toBe(1024 * 1024 + `\n[... ${out.truncatedBytes} bytes truncated ...]\n`.length);
  });
});

function tailLetters(count: number, keep: number): string {
  let text = '';
  for (let i = count - keep; i < count; i += 1) text += String.fromCharCode(97 + (i % 26));
  return text;
}
