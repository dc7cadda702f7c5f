import { createReadStream } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { createInterface } from 'node:readline';
import type { z } from 'zod';
import { LegoError } from '../errors.js';
import { formatIssues } from '../json.js';

/** One record of an input file: its parsed value, or why that line or entry was rejected. */
export type RecordResult<T> = { line: number; value: T } | { line: number; error: LegoError };

/**
 * Streams the records of a `.jsonl` file (one per line; blank lines skipped), or of a `.json` file holding
 * a list or a dict keyed by id (a dict value without `instance_id` gets its key). A malformed line or entry
 * yields an error naming its location and the zod issue; the others still come. Invalid UTF-8 decodes to
 * U+FFFD. A `.json` file that does not parse as a whole is read as JSONL.
 */
export async function* readRecords<T>(path: string, schema: z.ZodType<T>): AsyncGenerator<RecordResult<T>> {
  if (!path.endsWith('.json')) return yield* readJsonLines(path, schema);
  const text = (await readFile(path)).toString('utf8');
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    return yield* readJsonLines(path, schema);
  }
  yield* jsonEntries(path, document).map(([line, location, value]) => check(schema, line, location, value));
}

/**
 * The valid records of a JSONL file that may not exist yet (none then); lines that do not parse, such as
 * one torn by a crash, are skipped.
 */
export async function readValidRecords<T>(path: string, schema: z.ZodType<T>): Promise<T[]> {
  const values: T[] = [];
  try {
    for await (const record of readRecords(path, schema)) if ('value' in record) values.push(record.value);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  return values;
}

/** Writes `value` as pretty JSON through a temp file and a rename, so readers never see half a file. */
export async function writeJson(path: string, value: unknown): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temp = `${path}.tmp-${process.pid}`;
  await writeFile(temp, `${JSON.stringify(value, null, 2)}\n`);
  await rename(temp, path);
}

async function* readJsonLines<T>(path: string, schema: z.ZodType<T>): AsyncGenerator<RecordResult<T>> {
  const lines = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
  let line = 0;
  for await (const text of lines) {
    line++;
    if (text.trim() === '') continue;
    const location = `${path}:${line}`;
    try {
      yield check(schema, line, location, JSON.parse(text));
    } catch (err) {
      yield { line, error: badInput(location, `invalid JSON (${(err as Error).message})`) };
    }
  }
}

type Entry = [line: number, location: string, value: unknown];

function jsonEntries(path: string, document: unknown): Entry[] {
  if (Array.isArray(document)) return document.map((value, i) => [i + 1, `${path}[${i}]`, value]);
  if (document && typeof document === 'object') {
    return Object.entries(document).map(([id, value], i) => [
      i + 1,
      `${path}[${JSON.stringify(id)}]`,
      withId(id, value),
    ]);
  }
  return [[1, path, document]];
}

function withId(id: string, value: unknown): unknown {
  if (!value || typeof value !== 'object' || Array.isArray(value) || 'instance_id' in value) return value;
  return { instance_id: id, ...value };
}

function check<T>(schema: z.ZodType<T>, line: number, location: string, value: unknown): RecordResult<T> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return { line, value: parsed.data };
  return { line, error: badInput(location, formatIssues(parsed.error)) };
}

function badInput(location: string, reason: string): LegoError {
  return new LegoError('bad_input', `${location}: ${reason}`);
}
