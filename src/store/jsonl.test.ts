import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { Prediction } from '../schema/prediction.js';
import { readRecords, writeJson, type RecordResult } from './jsonl.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'lf-jsonl-'));
});

const pred = (id: string) => ({ instance_id: id, model_name_or_path: 'm', model_patch: `diff ${id}` });

async function collect<T>(records: AsyncIterable<RecordResult<T>>) {
  const out: { line: number; value?: T; error?: string }[] = [];
  for await (const r of records) out.push('error' in r ? { line: r.line, error: r.error.message } : r);
  return out;
}

function write(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

describe('readRecords', () => {
  it('yields each JSONL line, and an error naming path:line for a bad one while the rest still come', async () => {
    const path = write(
      'p.jsonl',
      [
        JSON.stringify(pred('a')),
        '{not json',
        '',
        JSON.stringify({ instance_id: 'c', model_patch: null }),
        JSON.stringify(pred('d')),
      ].join('\r\n'),
    );
    const records = await collect(readRecords(path, Prediction));
    expect(
      records.map((r) => [r.line, r.value?.instance_id ?? r.error?.split(':').slice(0, 2).join(':')]),
    ).toEqual([
      [1, 'a'],
      [2, `${path}:2`],
      [4, `${path}:4`],
      [5, 'd'],
    ]);
    expect(records[1]?.error).toMatch(/^.*p\.jsonl:2: invalid JSON \(/);
    expect(records[2]?.error).toBe(
      `${path}:4: model_name_or_path: Invalid input: expected string, received undefined`,
    );
  });

  it('reads a .json list', async () => {
    const path = write('p.json', JSON.stringify([pred('a'), { instance_id: 'b' }]));
    const records = await collect(readRecords(path, Prediction));
    expect(records[0]).toEqual({ line: 1, value: pred('a') });
    expect(records[1]?.error).toMatch(new RegExp(`^${path}\\[1\\]: model_name_or_path: `));
  });

  it('reads a .json dict keyed by instance_id, filling instance_id from the key when missing', async () => {
    const { instance_id: _, ...withoutId } = pred('x');
    const path = write('p.json', JSON.stringify({ x: withoutId, y: pred('y') }));
    const records = await collect(readRecords(path, Prediction));
    expect(records).toEqual([
      { line: 1, value: pred('x') },
      { line: 2, value: pred('y') },
    ]);
  });

  it('reads a .json file holding JSONL as lines', async () => {
    const path = write('p.json', `${JSON.stringify(pred('a'))}\n${JSON.stringify(pred('b'))}\n`);
    expect((await collect(readRecords(path, Prediction))).map((r) => r.value?.instance_id)).toEqual([
      'a',
      'b',
    ]);
  });

  it('decodes invalid UTF-8 to U+FFFD instead of failing', async () => {
    const bytes = Buffer.concat([
      Buffer.from('{"instance_id":"a","model_name_or_path":"m","model_patch":"x'),
      Buffer.from([0xff, 0xfe]),
      Buffer.from('y"}\n'),
    ]);
    const records = await collect(readRecords(write('p.jsonl', bytes), Prediction));
    expect(records).toEqual([{ line: 1, value: { ...pred('a'), model_patch: 'x\ufffd\ufffdy' } }]);
  });
});

describe('writeJson', () => {
  it('writes pretty JSON through a rename, creating the folder and leaving no temp file', async () => {
    const path = join(dir, 'sub', 'report.json');
    await writeJson(path, { b: 1, a: [true] });
    expect(readFileSync(path, 'utf8')).toBe('{\n  "b": 1,\n  "a": [\n    true\n  ]\n}\n');
    expect(readdirSync(join(dir, 'sub'))).toEqual(['report.json']);
  });
});
