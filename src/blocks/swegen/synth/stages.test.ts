import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Block } from '../../../block.js';
import { openRunStore } from '../../../store/run-store.js';
import { runStage as runPipelineStage } from '../../../pipeline/run-stage.js';
import { mapStage } from '../../../pipeline/stage.js';
import { checkStages, type StageOptions } from './stages.js';

const Item = z.object({ id: z.string() });
let calls = 0;
type Stage = ReturnType<typeof stage>;
const runStage = (block: Stage, items: { id: string }[], config: { by: number }, options: StageOptions) =>
  runPipelineStage(mapStage(block), items, { ...options, config });
const stage = (name: string): Block<{ id: string }, { id: string; by: number }, { by: number }> => ({
  name,
  version: '1',
  input: Item,
  output: z.object({ id: z.string(), by: z.number() }),
  key: (item) => item.id,
  run: async (item, ctx) => (calls++, { id: item.id, by: ctx.config.by }),
});

describe('checkStages', () => {
  it('refuses a later stage under another config before an earlier one runs', async () => {
    const store = openRunStore(mkdtempSync(join(tmpdir(), 'lf-stages-')));
    try {
      const options: StageOptions = { store, workers: 1, redo: false, progress: 'off' };
      const [first, second] = [stage('first'), stage('second')];
      await runStage(first, [{ id: 'a' }], { by: 1 }, options);
      await runStage(second, [{ id: 'a' }], { by: 1 }, options);
      calls = 0;
      const changed: Parameters<typeof checkStages>[1] = [
        [first, { by: 1 }],
        [second, { by: 2 }],
      ];
      expect(() => checkStages(options, changed)).toThrow(/holds second results .*\n {2}by: 1 → 2\n/);
      expect(calls).toBe(0);
      checkStages({ ...options, redo: true }, changed);
      const again = await runStage(first, [{ id: 'a' }, { id: 'b' }], { by: 1 }, options);
      expect(again.run).toMatchObject({ skipped: 1, done: 1 });
      expect((await runStage(second, [{ id: 'a' }], { by: 2 }, options)).outputs).toEqual([
        { id: 'a', by: 2 },
      ]);
    } finally {
      store.close();
    }
  });

  it('lets a pipeline recompute a stage under another config instead of refusing it', async () => {
    const store = openRunStore(mkdtempSync(join(tmpdir(), 'lf-stages-')));
    try {
      const options: StageOptions = { store, workers: 1, redo: false, progress: 'off' };
      const only = stage('only');
      await runStage(only, [{ id: 'a' }, { id: 'b' }], { by: 1 }, options);
      const recompute = { ...options, configChange: 'recompute' } as const;
      expect(() => checkStages(recompute, [[only, { by: 2 }]])).not.toThrow();
      const again = await runStage(only, [{ id: 'a' }, { id: 'b' }], { by: 2 }, recompute);
      expect(again.run).toMatchObject({ done: 2, skipped: 0 });
      expect(again.outputs).toEqual([
        { id: 'a', by: 2 },
        { id: 'b', by: 2 },
      ]);
    } finally {
      store.close();
    }
  });
});
