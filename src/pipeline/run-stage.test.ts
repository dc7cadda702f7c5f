import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { LegoError } from '../errors.js';
import { openRunStore, type RunStore } from '../store/run-store.js';
import { configHash } from './config-hash.js';
import { inputDigest } from './input-digest.js';
import { runStage, type StageRunOptions } from './run-stage.js';
import { mapStage, reduceStage, type Block, type Reducer } from './stage.js';

const Item = z.object({ id: z.string(), n: z.number() });
type Item = z.infer<typeof Item>;
const Output = z.object({ id: z.string(), value: z.number() });
type Output = z.infer<typeof Output>;
interface Config {
  factor: number;
}

let ran: string[] = [];
const double: Block<Item, Output, Config> = {
  name: 'double',
  version: '1',
  input: Item,
  output: Output,
  key: (item) => item.id,
  run: async (item, ctx) => {
    ran.push(item.id);
    if (item.n < 0) throw new LegoError('bad_input', `negative n in ${item.id}`);
    return { id: item.id, value: item.n * ctx.config.factor };
  },
};

const Total = z.object({ count: z.number(), sum: z.number() });
const total: Reducer<Item, z.infer<typeof Total>, Config> = {
  name: 'total',
  version: '1',
  input: Item,
  output: Total,
  run: async (items, ctx) => {
    ran.push(`total of ${items.length}`);
    return [{ count: items.length, sum: items.reduce((s, i) => s + i.n * ctx.config.factor, 0) }];
  },
};

const items = (count: number) => Array.from({ length: count }, (_, i) => ({ id: `i${i}`, n: i + 1 }));

let store: RunStore;
beforeEach(() => {
  ran = [];
  store = openRunStore(mkdtempSync(join(tmpdir(), 'lf-stage-')));
});
afterEach(() => store.close());

const options = (more: Partial<StageRunOptions<Config>> = {}): StageRunOptions<Config> => ({
  store,
  config: { factor: 2 },
  progress: 'off',
  backoffMs: 1,
  ...more,
});

describe('runStage: map', () => {
  it('returns the outputs of done items in item order, and a second run does no work', async () => {
    const first = await runStage(mapStage(double), items(3), options({ workers: 3 }));
    expect(first.outputs).toEqual([
      { id: 'i0', value: 2 },
      { id: 'i1', value: 4 },
      { id: 'i2', value: 6 },
    ]);
    expect(first.run).toMatchObject({ block: 'double', total: 3, done: 3, skipped: 0, failed: 0 });
    ran = [];
    const second = await runStage(mapStage(double), items(3), options());
    expect(second.run).toMatchObject({ total: 3, done: 0, skipped: 3, failed: 0 });
    expect(second.outputs).toEqual(first.outputs);
    expect(ran).toEqual([]);
  });

  it('records a failing item and goes on; the outputs leave it out', async () => {
    const input = [...items(2), { id: 'bad', n: -1 }, { id: 'i3', n: 4 }];
    const result = await runStage(mapStage(double), input, options());
    expect(result.run).toMatchObject({ done: 3, failed: 1 });
    expect(result.run.failures).toEqual([{ key: 'bad', code: 'bad_input', message: 'negative n in bad' }]);
    expect(result.outputs.map((o) => o.id)).toEqual(['i0', 'i1', 'i3']);
    expect(store.item('double', 'bad')).toMatchObject({ status: 'failed', error_code: 'bad_input' });
  });

  it('recomputes every item under redo', async () => {
    await runStage(mapStage(double), items(2), options());
    ran = [];
    const again = await runStage(mapStage(double), items(2), options({ redo: true }));
    expect(again.run).toMatchObject({ done: 2, skipped: 0 });
    expect(ran).toEqual(['i0', 'i1']);
  });

  it('keeps two stages of the same block apart under their stage names', async () => {
    await runStage(mapStage(double), items(2), options({ stageName: 'double-after-mine' }));
    const other = await runStage(
      mapStage(double),
      [{ id: 'i0', n: 10 }],
      options({ stageName: 'double-after-synth', config: { factor: 3 } }),
    );
    expect(other.run).toMatchObject({ block: 'double-after-synth', done: 1, skipped: 0 });
    expect(other.outputs).toEqual([{ id: 'i0', value: 30 }]);
    expect(store.items('double-after-mine').map((s) => s.output)).toEqual([
      { id: 'i0', value: 2 },
      { id: 'i1', value: 4 },
    ]);
    expect(store.item('double', 'i0')).toBeUndefined();
    expect(store.blocks()).toEqual(['double-after-mine', 'double-after-synth']);
    expect(existsSync(join(store.dir, 'double-after-synth.jsonl'))).toBe(true);
    expect(existsSync(join(store.dir, 'items', 'double-after-synth', 'i0'))).toBe(true);
    expect(store.config('double-after-synth')?.config).toEqual({ factor: 3 });
  });
});

describe('runStage: re-runs', () => {
  it('recomputes exactly the item whose content changed', async () => {
    await runStage(mapStage(double), items(3), options());
    ran = [];
    const changed = [items(3)[0]!, { id: 'i1', n: 20 }, items(3)[2]!];
    const again = await runStage(mapStage(double), changed, options());
    expect(again.run).toMatchObject({ total: 3, done: 1, skipped: 2, failed: 0 });
    expect(ran).toEqual(['i1']);
    expect(again.outputs).toEqual([
      { id: 'i0', value: 2 },
      { id: 'i1', value: 40 },
      { id: 'i2', value: 6 },
    ]);
    expect(store.item('double', 'i1')?.input_digest).toBe(inputDigest({ id: 'i1', n: 20 }));
  });

  it('refuses a changed config before any work, and recomputes every item under it with redo', async () => {
    await runStage(mapStage(double), items(3), options());
    ran = [];
    const changed = options({ config: { factor: 5 } });
    await expect(runStage(mapStage(double), items(3), changed)).rejects.toMatchObject({
      code: 'config_changed',
    });
    expect(ran).toEqual([]);
    const redone = await runStage(mapStage(double), items(3), { ...changed, redo: true });
    expect(redone.run).toMatchObject({ done: 3, skipped: 0 });
    expect(redone.outputs.map((o) => o.value)).toEqual([5, 10, 15]);
  });

  it("recomputes every item under a changed config with configChange 'recompute', and only then", async () => {
    await runStage(mapStage(double), items(3), options());
    ran = [];
    const changed = options({ config: { factor: 5 }, configChange: 'recompute' });
    const recomputed = await runStage(mapStage(double), items(3), changed);
    expect(recomputed.run).toMatchObject({ done: 3, skipped: 0 });
    expect(recomputed.outputs.map((o) => o.value)).toEqual([5, 10, 15]);
    ran = [];
    expect((await runStage(mapStage(double), items(3), changed)).run).toMatchObject({ done: 0, skipped: 3 });
    expect(ran).toEqual([]);
  });

  it('counts rows of a run directory from before input digests as done for their key and config', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lf-stage-old-'));
    const old = new Database(join(dir, 'state.sqlite'));
    old.exec(
      'CREATE TABLE items (block TEXT NOT NULL, key TEXT NOT NULL, config_hash TEXT NOT NULL, ' +
        'status TEXT NOT NULL, attempts INTEGER NOT NULL, error_code TEXT, error_message TEXT, output TEXT, ' +
        'seq INTEGER NOT NULL, updated_at TEXT NOT NULL, PRIMARY KEY (block, key))',
    );
    const hash = configHash(double, { factor: 2 });
    const row = old.prepare("INSERT INTO items VALUES ('double', ?, ?, 'done', 1, NULL, NULL, ?, ?, 'then')");
    row.run('i0', hash, '{"id":"i0","value":2}', 1);
    row.run('i1', hash, '{"id":"i1","value":4}', 2);
    old.close();
    const upgraded = openRunStore(dir);
    try {
      const result = await runStage(mapStage(double), items(3), { ...options(), store: upgraded });
      expect(result.run).toMatchObject({ done: 1, skipped: 2 });
      expect(ran).toEqual(['i2']);
      expect(upgraded.item('double', 'i0')?.input_digest).toBeNull();
      expect(upgraded.item('double', 'i2')?.input_digest).toBe(inputDigest(items(3)[2]));
    } finally {
      upgraded.close();
    }
  });
});

describe('runStage: reduce', () => {
  it('runs the reducer once over the whole input, stored as one item keyed by its digest', async () => {
    const result = await runStage(reduceStage(total), items(4), options());
    expect(result.outputs).toEqual([{ count: 4, sum: 20 }]);
    expect(result.run).toMatchObject({ block: 'total', total: 1, done: 1, skipped: 0 });
    const key = inputDigest(items(4));
    expect(store.items('total').map((s) => [s.key, s.output])).toEqual([[key, [{ count: 4, sum: 20 }]]]);
    expect(readFileSync(store.outputPath('total'), 'utf8')).toBe('[{"count":4,"sum":20}]\n');
  });

  it('does no work on an identical second run, and reruns when one input changes', async () => {
    await runStage(reduceStage(total), items(3), options());
    ran = [];
    const second = await runStage(reduceStage(total), items(3), options());
    expect(second.run).toMatchObject({ total: 1, done: 0, skipped: 1 });
    expect(second.outputs).toEqual([{ count: 3, sum: 12 }]);
    expect(ran).toEqual([]);
    const changed = [...items(2), { id: 'i2', n: 30 }];
    const third = await runStage(reduceStage(total), changed, options());
    expect(third.run).toMatchObject({ done: 1, skipped: 0 });
    expect(third.outputs).toEqual([{ count: 3, sum: 66 }]);
  });

  it('fails the one item with bad_input when an input item is invalid', async () => {
    const result = await runStage(reduceStage(total), [{ id: 'a', n: 'x' }], options());
    expect(result.run).toMatchObject({ total: 1, done: 0, failed: 1 });
    expect(result.run.failures[0]).toMatchObject({ code: 'bad_input' });
    expect(result.run.failures[0]?.message).toMatch(/^item 1: 0\.n: /);
    expect(result.outputs).toEqual([]);
    expect(ran).toEqual([]);
  });
});
