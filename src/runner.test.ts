import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Block, BlockContext } from './block.js';
import { LegoError } from './errors.js';
import { configHash, runBlock, type ItemEvent, type RunOptions } from './runner.js';
import { openRunStore, type RunStore } from './store/run-store.js';

const Item = z.object({ id: z.string(), n: z.number() });
type Item = z.infer<typeof Item>;
const Output = z.object({ id: z.string(), value: z.number() });
type Output = z.infer<typeof Output>;
interface Config {
  factor: number;
}
type RunFn = (item: Item, ctx: BlockContext<Config>) => Promise<Output>;

const multiply: RunFn = async (item, ctx) => ({ id: item.id, value: item.n * ctx.config.factor });

function makeBlock(run: RunFn, version = '1'): Block<Item, Output, Config> {
  return { name: 'calc', version, input: Item, output: Output, key: (item) => item.id, run };
}

const items = (count: number) => Array.from({ length: count }, (_, i) => ({ id: `i${i}`, n: i }));

let store: RunStore;
beforeEach(() => {
  store = openRunStore(mkdtempSync(join(tmpdir(), 'lf-runner-')));
});
afterEach(() => store.close());

function run(
  block: Block<Item, Output, Config>,
  input: unknown[],
  options: Partial<RunOptions<Config>> = {},
) {
  return runBlock(block, input, { store, config: { factor: 2 }, progress: 'off', backoffMs: 1, ...options });
}

/** Closes the store (compacting its JSONL) and opens it again. */
function reopenStore(): void {
  store.close();
  store = openRunStore(store.dir);
}

function outputLines(): Output[] {
  const text = readFileSync(store.outputPath('calc'), 'utf8');
  return text === ''
    ? []
    : text
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line));
}

describe('runBlock', () => {
  it('runs at most `workers` items at once and stores one line per item', async () => {
    for (const workers of [1, 3]) {
      let running = 0;
      let peak = 0;
      const block = makeBlock(async (item, ctx) => {
        peak = Math.max(peak, ++running);
        await sleep(30);
        running--;
        return multiply(item, ctx);
      });
      const summary = await run(block, items(9), { workers, redo: true });
      expect(peak).toBe(workers);
      expect(summary).toMatchObject({
        total: 9,
        done: 9,
        skipped: 0,
        failed: 0,
        interrupted: false,
        failures: [],
      });
    }
    reopenStore();
    expect(outputLines()).toHaveLength(9);
  });

  it('retries retryable LegoErrors only, with exponential backoff, counting attempts exactly', async () => {
    const seen = new Map<string, number[]>();
    const block = makeBlock(async (item, ctx) => {
      seen.set(item.id, [...(seen.get(item.id) ?? []), Date.now()]);
      if (item.id === 'flaky' && ctx.attempt < 3) throw new LegoError('timeout', 'slow', { retryable: true });
      if (item.id === 'down') throw new LegoError('sandbox_unavailable', 'no docker', { retryable: true });
      if (item.id === 'broken') throw new LegoError('patch_failed', 'does not apply');
      if (item.id === 'bug') throw new TypeError('x is undefined');
      return multiply(item, ctx);
    });
    const input = ['flaky', 'down', 'broken', 'bug'].map((id) => ({ id, n: 1 }));
    const summary = await run(block, input, { retries: 2, backoffMs: 40 });

    expect([...seen].map(([id, times]) => [id, times.length])).toEqual([
      ['flaky', 3],
      ['down', 3],
      ['broken', 1],
      ['bug', 1],
    ]);
    const [t1, t2, t3] = seen.get('down') ?? [];
    expect(t2! - t1!).toBeGreaterThanOrEqual(39);
    expect(t3! - t2!).toBeGreaterThanOrEqual(79);
    expect(store.item('calc', 'flaky')).toMatchObject({ status: 'done', attempts: 3 });
    expect(store.item('calc', 'down')).toMatchObject({
      status: 'failed',
      attempts: 3,
      error_code: 'sandbox_unavailable',
    });
    expect(summary.failures).toEqual([
      { key: 'down', code: 'sandbox_unavailable', message: 'no docker' },
      { key: 'broken', code: 'patch_failed', message: 'does not apply' },
      { key: 'bug', code: 'internal', message: 'x is undefined' },
    ]);
    expect(store.item('calc', 'bug')).toMatchObject({ attempts: 1, error_code: 'internal', output: null });
  });

  it('records a failure and goes on with the other items', async () => {
    const block = makeBlock(async (item, ctx) => {
      if (item.n === 1) throw new Error('boom');
      return multiply(item, ctx);
    });
    const summary = await run(block, items(3));
    expect(summary).toMatchObject({
      done: 2,
      failed: 1,
      failures: [{ key: 'i1', code: 'internal', message: 'boom' }],
    });
    expect(store.item('calc', 'i1')).toMatchObject({ status: 'failed', error_message: 'boom', attempts: 1 });
    expect(outputLines()).toEqual([
      { id: 'i0', value: 0 },
      { id: 'i2', value: 4 },
    ]);
    expect(readFileSync(store.logPath('calc', 'i1'), 'utf8')).toMatch(
      /attempt 1 failed: internal: Error: boom/,
    );
  });

  it('skips items done under the same config hash and reruns failed ones', async () => {
    let calls = 0;
    let failOnce = true;
    const block = makeBlock(async (item, ctx) => {
      calls++;
      if (item.n === 2 && failOnce) throw new Error('first time');
      return multiply(item, ctx);
    });
    await run(block, items(4));
    failOnce = false;
    calls = 0;
    const events: ItemEvent['status'][] = [];
    const summary = await run(block, items(4), { onItem: (event) => events.push(event.status) });
    expect(calls).toBe(1);
    expect(events).toEqual(['skipped', 'skipped', 'skipped', 'done']);
    expect(summary).toMatchObject({ total: 4, done: 1, skipped: 3, failed: 0 });
    expect(outputLines().map((o) => o.id)).toEqual(['i0', 'i1', 'i3', 'i2']);
  });

  it('refuses to resume under another config before running anything, naming the changed keys', async () => {
    let calls = 0;
    const counted = makeBlock(async (item, ctx) => (calls++, multiply(item, ctx)));
    await run(counted, items(3));
    const before = readFileSync(store.outputPath('calc'), 'utf8');
    calls = 0;
    const changed = run(counted, items(4), { config: { factor: 10 } });
    await expect(changed).rejects.toMatchObject({ code: 'config_changed' });
    await expect(changed).rejects.toThrow(/\n {2}factor: 2 → 10\n.*--redo.*--out/s);
    await expect(run(makeBlock(multiply, '2'), items(3))).rejects.toThrow(/version: 1 → 2\n/);
    expect(calls).toBe(0);
    expect(readFileSync(store.outputPath('calc'), 'utf8')).toBe(before);
    expect(await run(counted, items(3))).toMatchObject({ skipped: 3, done: 0 });
  });

  it('resumes as done when only where files live, how the run is labelled or the checkout history changed', async () => {
    let calls = 0;
    const counted = makeBlock(async (item, ctx) => (calls++, multiply(item, ctx)));
    const placed = (cacheDir: string, runId: string, history: string) => ({
      factor: 2,
      tasks: { cacheDir, runId, history },
    });
    await run(counted, items(3), { config: placed('/cache/a', 'run-a', 'full') });
    calls = 0;
    const summary = await run(counted, items(3), { config: placed('/elsewhere/b', 'run-b', 'shallow') });
    expect(calls).toBe(0);
    expect(summary).toMatchObject({ skipped: 3, done: 0 });
  });

  it('on redo under a new config keeps each finished result until its replacement commits', async () => {
    await run(makeBlock(multiply), items(4));
    const failing = makeBlock(async (item, ctx) => {
      if (item.n % 2 === 1) throw new LegoError('repo_unavailable', `no repo for ${item.id}`);
      return multiply(item, ctx);
    });
    const redone = await run(failing, items(4), { config: { factor: 10 }, redo: true });
    expect(redone).toMatchObject({ done: 2, failed: 2, skipped: 0 });
    expect(redone.failures.map((f) => [f.key, f.code])).toEqual([
      ['i1', 'repo_unavailable'],
      ['i3', 'repo_unavailable'],
    ]);
    const values = () => store.items('calc').map((i) => [i.key, i.status, (i.output as Output).value]);
    expect(values()).toEqual([
      ['i1', 'done', 2],
      ['i3', 'done', 6],
      ['i0', 'done', 0],
      ['i2', 'done', 20],
    ]);

    const resumed = await run(makeBlock(multiply), items(4), { config: { factor: 10 } });
    expect(resumed).toMatchObject({ done: 2, skipped: 2, failed: 0 });
    expect(values().map(([key, , value]) => [key, value])).toEqual([
      ['i0', 0],
      ['i2', 20],
      ['i1', 10],
      ['i3', 30],
    ]);
    expect(await run(makeBlock(multiply), items(4), { config: { factor: 10 }, redo: true })).toMatchObject({
      done: 4,
    });
    expect(outputLines()).toHaveLength(12);
    reopenStore();
    expect(outputLines()).toEqual(items(4).map((i) => ({ id: i.id, value: i.n * 10 })));
  });

  it('takes another config without a word when no item finished under the recorded one', async () => {
    const failing = makeBlock(async () => {
      throw new LegoError('repo_unavailable', 'mistyped');
    });
    expect(await run(failing, items(2), { config: { factor: 3 } })).toMatchObject({ failed: 2 });
    expect(await run(makeBlock(multiply), items(2))).toMatchObject({ done: 2, failed: 0 });
  });

  it('refuses a run directory whose done items were computed under a config it never recorded', async () => {
    await run(makeBlock(multiply), items(2));
    const db = new Database(join(store.dir, 'state.sqlite'));
    db.prepare('DELETE FROM configs').run();
    db.close();
    await expect(run(makeBlock(multiply), items(2), { config: { factor: 3 } })).rejects.toThrow(
      /computed under another config:\n {2}items done under a config this run did not record/,
    );
    expect(await run(makeBlock(multiply), items(2))).toMatchObject({ skipped: 2 });
  });

  it('records a URL with credentials redacted, and still refuses when only the credential changed', async () => {
    const withIndex = (token: string) =>
      ({ factor: 2, pip: { indexUrl: `https://ci:${token}@pypi.example/simple` } }) as unknown as Config;
    await run(makeBlock(multiply), items(1), { config: withIndex('t0ken') });
    const db = new Database(join(store.dir, 'state.sqlite'));
    const recorded = db.prepare('SELECT config FROM configs').pluck().get();
    db.close();
    expect(recorded).toBe('{"factor":2,"pip":{"indexUrl":"https://<redacted>@pypi.example/simple"}}');
    await expect(run(makeBlock(multiply), items(1), { config: withIndex('other') })).rejects.toThrow(
      /another config:\n {2}a credential inside a URL \(recorded redacted\)\n/,
    );
  });

  it('refuses a config that holds a credential', async () => {
    const withKey = { factor: 2, endpoint: { url: 'http://x', apiKey: 'sk-1' } } as unknown as Config;
    await expect(run(makeBlock(multiply), items(1), { config: withKey })).rejects.toThrow(
      'the config holds a credential at endpoint.apiKey',
    );
  });

  it('records an invalid item as failed bad_input without stopping the run', async () => {
    const input = [{ id: 'ok', n: 1 }, { id: 'typo', n: 'one' }, { nothing: true }, { id: 'ok', n: 2 }];
    const summary = await run(makeBlock(multiply), input);
    expect(summary).toMatchObject({ total: 4, done: 1, failed: 3 });
    expect(summary.failures).toEqual([
      {
        key: 'typo',
        code: 'bad_input',
        message: 'item 2: n: Invalid input: expected number, received string',
      },
      { key: '#3', code: 'bad_input', message: expect.stringMatching(/^item 3: id: Invalid input/) },
      { key: 'ok', code: 'bad_input', message: 'item 4 repeats the key ok' },
    ]);
    expect(store.item('calc', 'typo')).toMatchObject({
      status: 'failed',
      error_code: 'bad_input',
      attempts: 0,
    });
    expect(store.item('calc', 'ok')).toMatchObject({ status: 'done', output: { id: 'ok', value: 2 } });
  });

  it('fails an item whose output breaks the output schema', async () => {
    const block = makeBlock(async (item) => ({ id: item.id, value: 'NaN' }) as unknown as Output);
    const summary = await run(block, items(1));
    expect(summary.failures).toEqual([
      {
        key: 'i0',
        code: 'internal',
        message:
          'block calc returned an invalid output: value: Invalid input: expected number, received string',
      },
    ]);
  });

  it('gives each item its directory, log and the per-process shared values', async () => {
    let created = 0;
    const block = makeBlock(async (item, ctx) => {
      ctx.shared('pool', () => ++created);
      ctx.log(`working on ${item.id}`);
      expect(existsSync(ctx.itemDir)).toBe(true);
      return multiply(item, ctx);
    });
    await run(block, items(3), { workers: 3 });
    expect(created).toBe(1);
    expect(store.itemDir('calc', 'i2')).toBe(join(store.dir, 'items', 'calc', 'i2'));
    expect(readFileSync(store.logPath('calc', 'i2'), 'utf8')).toMatch(
      /^\[\d{4}-\d\d-\d\dT[^\]]+\] working on i2\n$/,
    );
  });

  it('on abort starts no new item, signals those in flight, and returns what finished', async () => {
    const controller = new AbortController();
    let started = 0;
    const block = makeBlock(async (item, ctx) => {
      started++;
      if (item.n === 1) {
        controller.abort();
        await sleep(20);
        throw new Error(`stopped, aborted=${ctx.signal.aborted}`);
      }
      await sleep(50);
      return multiply(item, ctx);
    });
    const summary = await run(block, items(10), { workers: 2, signal: controller.signal });
    expect(started).toBe(2);
    expect(summary).toMatchObject({
      total: 10,
      done: 1,
      failed: 1,
      interrupted: true,
      failures: [{ key: 'i1', code: 'interrupted', message: 'run interrupted: stopped, aborted=true' }],
    });
    const resumed = await run(makeBlock(multiply), items(10), { workers: 2 });
    expect(resumed).toMatchObject({ done: 9, skipped: 1, interrupted: false });
    expect(outputLines()).toHaveLength(10);
  });
});

describe('configHash', () => {
  it('is sha256 over the canonical JSON of name, version and config', () => {
    const expected = createHash('sha256')
      .update('{"config":{"a":1,"b":2},"name":"x","version":"1"}')
      .digest('hex');
    expect(configHash({ name: 'x', version: '1' }, { b: 2, a: 1 })).toBe(expected);
  });

  it('leaves out cacheDir, runId and history at any depth', () => {
    const block = { name: 'x', version: '1' };
    const bare = configHash(block, { a: 1, tasks: { repos: {} } });
    expect(
      configHash(block, { a: 1, runId: 'r', tasks: { repos: {}, cacheDir: '/c', history: 'shallow' } }),
    ).toBe(bare);
    expect(configHash(block, { a: 2, tasks: { repos: {} } })).not.toBe(bare);
  });
});
