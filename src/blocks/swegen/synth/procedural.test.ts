import { describe, expect, it } from 'vitest';
import { generateProcedural } from './procedural.js';
import { pythonSource, typescriptSource } from './transforms/fixtures.js';

const files = [
  { path: 'm.py', text: pythonSource, grammar: 'python' as const },
  { path: 'm.ts', text: typescriptSource, grammar: 'typescript' as const },
];

const summary = (result: Awaited<ReturnType<typeof generateProcedural>>) =>
  result.bugs.map((bug) => `${bug.file}:${bug.line} ${bug.transform} ${bug.unit}`);

describe('generateProcedural', () => {
  it('gives the same bugs for the same seed, and other bugs for another seed', async () => {
    const first = await generateProcedural(files, { seed: 3, max: 12 });
    const again = await generateProcedural(files, { seed: 3, max: 12 });
    const other = await generateProcedural(files, { seed: 4, max: 12 });
    expect(again.bugs).toEqual(first.bugs);
    expect(summary(other)).not.toEqual(summary(first));
  });

  it('takes transforms round-robin up to max, and never returns two bugs with the same text', async () => {
    const result = await generateProcedural(files, { seed: 1, max: 14 });
    expect(result.bugs).toHaveLength(14);
    expect(new Set(result.bugs.map((bug) => bug.transform)).size).toBe(14);
    const all = await generateProcedural(files, { seed: 1, max: 1000 });
    const texts = all.bugs.map((bug) => `${bug.file}\0${bug.text}`);
    expect(new Set(texts).size).toBe(texts.length);
    expect(all.bugs.length + all.rejected.length).toBe(Object.values(all.sites).reduce((a, b) => a + b, 0));
    expect(all.functions).toBe(12);
  });

  it('takes the preferred functions first within each transform', async () => {
    const preferred = (_file: string, name: string) => name === 'clean';
    const result = await generateProcedural(files, {
      seed: 2,
      max: 1000,
      transforms: ['break_chain'],
      preferred,
    });
    expect(result.bugs.map((bug) => bug.unit)).toEqual(['clean', 'clean', 'window']);
  });

  it('gates transforms by the complexity of the function they touch', async () => {
    const branchy = `def f(x):\n${Array.from({ length: 41 }, (_, i) => `    if x == ${i}:\n        return ${i}\n`).join('')}    return -1\n`;
    const result = await generateProcedural([{ path: 'f.py', text: branchy, grammar: 'python' }], {
      seed: 1,
      max: 10,
    });
    expect(result.sites).toEqual({});
    const simple = 'def g(x):\n    return x + 1\n';
    const gated = await generateProcedural([{ path: 'g.py', text: simple, grammar: 'python' }], {
      seed: 1,
      max: 10,
      transforms: ['invert_if', 'change_operator'],
    });
    expect(gated.sites).toEqual({ change_operator: 1 });
  });
});
