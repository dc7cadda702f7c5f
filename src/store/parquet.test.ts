import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parquetReadObjects } from 'hyparquet';
import { beforeAll, describe, expect, it } from 'vitest';
import { exportParquet } from './parquet.js';

const manyKeys = Object.fromEntries(Array.from({ length: 70 }, (_, i) => [`test_${i}`, 'PASSED']));

const records = [
  {
    instance_id: 'acme__calc-1',
    patch: 'diff --git a/é b/é\n+ünïcode\n',
    FAIL_TO_PASS: ['t::a', 't::b'],
    resolved: true,
    attempts: 2,
    score: 0.5,
    meta: { source: 'real', stars: 10 },
    messages: [
      { role: 'user', content: 'fix it' },
      { role: 'assistant', content: null, tool_calls: [{ id: 'c1', name: 'bash' }] },
    ],
    status_map: manyKeys,
    mixed: 'text',
    empty: {},
  },
  {
    instance_id: 'acme__calc-2',
    patch: '',
    FAIL_TO_PASS: [],
    resolved: false,
    attempts: 1,
    score: 1,
    meta: { source: 'synthetic:ast' },
    messages: [],
    status_map: { only: 'FAILED' },
    mixed: { nested: [1] },
    empty: {},
    extra: 7,
  },
];

/** The records as they read back: int64 as numbers, mixed/map/empty-object columns as JSON text. */
const expected = [
  {
    ...records[0],
    meta: { source: 'real', stars: 10 },
    messages: [
      { role: 'user', content: 'fix it', tool_calls: null },
      { role: 'assistant', content: null, tool_calls: [{ id: 'c1', name: 'bash' }] },
    ],
    status_map: JSON.stringify(manyKeys),
    mixed: '"text"',
    empty: '{}',
    extra: null,
  },
  {
    ...records[1],
    meta: { source: 'synthetic:ast', stars: null },
    status_map: JSON.stringify({ only: 'FAILED' }),
    mixed: '{"nested":[1]}',
    empty: '{}',
  },
];

let dir: string;
let parquetPath: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lf-parquet-'));
  const jsonl = join(dir, 'block.jsonl');
  writeFileSync(jsonl, records.map((r) => `${JSON.stringify(r)}\n`).join(''));
  parquetPath = await exportParquet(jsonl, join(dir, 'dataset'), { split: 'test' });
});

/** hyparquet's rows as plain JSON: bigint as number, an absent nested value (undefined) as null. */
function plain(value: unknown): unknown {
  if (value === undefined) return null;
  if (typeof value === 'bigint') return Number(value);
  if (Array.isArray(value)) return value.map(plain);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  }
  return value;
}

describe('exportParquet', () => {
  it('writes the Hugging Face layout and nothing else', () => {
    expect(parquetPath).toBe(join(dir, 'dataset', 'data', 'test-00000-of-00001.parquet'));
    expect(readdirSync(join(dir, 'dataset', 'data'))).toEqual(['test-00000-of-00001.parquet']);
  });

  it('reads back with hyparquet as the same records, with int64 columns as bigint', async () => {
    const bytes = readFileSync(parquetPath);
    const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    const rows = await parquetReadObjects({ file });
    expect(rows[0]?.['attempts']).toBe(2n);
    expect(plain(rows)).toEqual(expected);
  });

  it('reads back with pyarrow.parquet.read_table with nested types', () => {
    const script = [
      'import json, sys, pyarrow.parquet as pq',
      't = pq.read_table(sys.argv[1])',
      'print(json.dumps({"schema": {f.name: str(f.type) for f in t.schema}, "rows": t.to_pylist()}))',
    ].join('\n');
    const out = JSON.parse(execFileSync('python3', ['-c', script, parquetPath], { encoding: 'utf8' }));
    expect(out.rows).toEqual(expected);
    expect(out.schema).toMatchObject({
      instance_id: 'string',
      FAIL_TO_PASS: 'list<element: string>',
      resolved: 'bool',
      attempts: 'int64',
      score: 'double',
      meta: 'struct<source: string, stars: int64>',
      status_map: 'string',
      extra: 'int64',
    });
  });

  it('refuses a JSONL without records', async () => {
    const empty = join(dir, 'empty.jsonl');
    writeFileSync(empty, '');
    await expect(exportParquet(empty, join(dir, 'none'))).rejects.toThrow(
      `${empty} holds no records to export`,
    );
  });
});
