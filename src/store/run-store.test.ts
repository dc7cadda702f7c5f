import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openRunStore, type RunStore } from './run-store.js';

let dir: string;
let store: RunStore | undefined;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'lf-store-'));
});
afterEach(() => store?.close());

const done = (n: number) =>
  ({ status: 'done', configHash: 'h1', attempts: 1, output: { id: `k${n}`, n } }) as const;
const line = (n: number) => JSON.stringify({ id: `k${n}`, n });

function reopen(): RunStore {
  store?.close();
  store = openRunStore(dir);
  return store;
}

function fileLines(): string[] {
  return readFileSync(join(dir, 'b.jsonl'), 'utf8').split('\n').slice(0, -1);
}

function storeWith(count: number): RunStore {
  const opened = reopen();
  for (let n = 1; n <= count; n++) opened.record('b', `k${n}`, done(n));
  return opened;
}

describe('openRunStore', () => {
  it('creates the run directory layout', () => {
    reopen();
    expect(
      readdirSync(dir)
        .filter((name) => !name.startsWith('state.sqlite-'))
        .sort(),
    ).toEqual(['items', 'logs', 'state.sqlite', 'writer.lock']);
  });

  it('appends one line per done item, in commit order, and none for failures', () => {
    const opened = storeWith(2);
    opened.record('b', 'bad', {
      status: 'failed',
      configHash: 'h1',
      attempts: 3,
      code: 'timeout',
      message: 'slow',
    });
    expect(fileLines()).toEqual([line(1), line(2)]);
    expect(opened.item('b', 'bad')).toMatchObject({ status: 'failed', attempts: 3, error_code: 'timeout' });
    expect(opened.items('b').map((item) => item.seq)).toEqual([1, 2, 3]);
  });

  it('drops a partial trailing line on open and appends the committed line it stood for', () => {
    storeWith(3);
    const path = join(dir, 'b.jsonl');
    writeFileSync(path, `${line(1)}\n${line(2)}\n${line(3).slice(0, 7)}`);
    const reopened = reopen();
    expect(reopened.reconciled.get('b')).toEqual({ droppedPartialLine: true, appended: 1, rewritten: false });
    expect(fileLines()).toEqual([line(1), line(2), line(3)]);
  });

  it('appends lines committed in SQLite but missing from the JSONL', () => {
    storeWith(3);
    writeFileSync(join(dir, 'b.jsonl'), `${line(1)}\n`);
    expect(reopen().reconciled.get('b')).toEqual({
      droppedPartialLine: false,
      appended: 2,
      rewritten: false,
    });
    expect(fileLines()).toEqual([line(1), line(2), line(3)]);
  });

  it('rewrites a JSONL whose lines are not a prefix of the done rows', () => {
    storeWith(2);
    writeFileSync(join(dir, 'b.jsonl'), `${line(2)}\n${line(1)}\n${line(9)}\n`);
    expect(reopen().reconciled.get('b')).toEqual({ droppedPartialLine: false, appended: 0, rewritten: true });
    expect(fileLines()).toEqual([line(1), line(2)]);
  });

  it('leaves a consistent JSONL untouched', () => {
    storeWith(2);
    expect(reopen().reconciled.get('b')).toEqual({
      droppedPartialLine: false,
      appended: 0,
      rewritten: false,
    });
    expect(fileLines()).toEqual([line(1), line(2)]);
  });

  it('removes temp files a killed rewrite left behind', () => {
    storeWith(1);
    writeFileSync(join(dir, 'b.jsonl.tmp-99999'), 'half');
    reopen();
    expect(existsSync(join(dir, 'b.jsonl.tmp-99999'))).toBe(false);
  });
});

describe('RunStore recomputing a done item', () => {
  const redone = (n: number) =>
    ({ status: 'done', configHash: 'h2', attempts: 1, output: { id: `k${n}`, n, again: true } }) as const;
  const redoneLine = (n: number) => JSON.stringify({ id: `k${n}`, n, again: true });
  const failure = {
    status: 'failed',
    configHash: 'h2',
    attempts: 1,
    code: 'timeout',
    message: 'slow',
  } as const;

  it('replaces the row when the new output commits, appends its line, and compacts the JSONL on close', () => {
    const opened = storeWith(3);
    expect(opened.record('b', 'k2', redone(2))).toBe('recorded');
    expect(opened.item('b', 'k2')).toMatchObject({ status: 'done', config_hash: 'h2', seq: 4 });
    expect(fileLines()).toEqual([line(1), line(2), line(3), redoneLine(2)]);
    opened.close();
    store = undefined;
    expect(fileLines()).toEqual([line(1), line(3), redoneLine(2)]);
    expect(reopen().reconciled.get('b')?.rewritten).toBe(false);
  });

  it('keeps the done row and its line when the recomputation fails', () => {
    const opened = storeWith(2);
    expect(opened.record('b', 'k1', failure)).toBe('kept');
    expect(opened.item('b', 'k1')).toMatchObject({ status: 'done', config_hash: 'h1', output: { n: 1 } });
    reopen();
    expect(fileLines()).toEqual([line(1), line(2)]);
  });

  it('compacts on open a JSONL a killed writer left with superseded lines', () => {
    const opened = storeWith(3);
    opened.record('b', 'k1', redone(1));
    opened.record('b', 'k3', redone(3));
    const uncompacted = readFileSync(join(dir, 'b.jsonl'), 'utf8');
    opened.close();
    store = undefined;
    writeFileSync(join(dir, 'b.jsonl'), uncompacted);
    expect(reopen().reconciled.get('b')).toEqual({ droppedPartialLine: false, appended: 0, rewritten: true });
    expect(fileLines()).toEqual([line(2), redoneLine(1), redoneLine(3)]);
  });

  it('records the config a block runs under', () => {
    const opened = reopen();
    expect(opened.config('b')).toBeUndefined();
    opened.setConfig('b', {
      version: '2',
      config_hash: 'h2',
      config: { timeoutMs: 5, tasks: { repos: {} } },
    });
    expect(reopen().config('b')).toEqual({
      version: '2',
      config_hash: 'h2',
      config: { timeoutMs: 5, tasks: { repos: {} } },
    });
    storeWith(1).record('b', 'x', failure);
    expect(store?.doneHashes('b')).toEqual(['h1']);
  });
});

describe('RunStore invariants', () => {
  it('lets one writer at a time open a run directory', () => {
    reopen();
    expect(() => openRunStore(dir)).toThrow(`run directory ${dir} is in use by process ${process.pid}`);
  });

  it('takes over the lock of a dead writer', () => {
    writeFileSync(join(dir, 'writer.lock'), '2147483646');
    expect(reopen().dir).toBe(dir);
    expect(readFileSync(join(dir, 'writer.lock'), 'utf8')).toBe(String(process.pid));
  });

  it('keeps item directories and logs of unsafe keys apart', () => {
    const opened = reopen();
    expect(opened.itemDir('b', 'a/b')).not.toBe(opened.itemDir('b', 'a_b'));
    expect(opened.itemDir('b', 'a_b')).toBe(join(dir, 'items', 'b', 'a_b'));
    expect(opened.logPath('b', '../x')).toMatch(new RegExp(`^${dir}/logs/b/\\.\\._x-[0-9a-f]{10}\\.log$`));
  });

  it('stores outputs exactly as their JSONL lines, unicode included', () => {
    const opened = reopen();
    opened.record('b', 'u', { status: 'done', configHash: 'h', attempts: 1, output: { s: 'é\u2028\ud800' } });
    expect(reopen().reconciled.get('b')?.rewritten).toBe(false);
    expect(store?.item('b', 'u')?.output).toEqual({ s: 'é\u2028\ud800' });
  });
});
