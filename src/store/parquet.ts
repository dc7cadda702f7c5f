/**
 * Parquet export of a block's JSONL in the Hugging Face datasets layout
 * (`<out>/data/<split>-00000-of-00001.parquet`), written with hyparquet-writer.
 *
 * Column types are inferred from every record: strings, int64 (safe integers), doubles, booleans, lists
 * and structs nest as Parquet LIST and group columns. A field whose values disagree in kind (a string
 * here, an object there), an empty object, or an object with more than 64 distinct keys (a map keyed by
 * data, such as a per-test status map) is written as a string column holding JSON text.
 */
import { mkdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { fileWriter, parquetWriteRows } from 'hyparquet-writer';
import { z } from 'zod';
import { LegoError } from '../errors.js';
import { readRecords } from './jsonl.js';
import { mergeTypes, schemaElements, toColumnValue, typeOf, type ColumnType } from './parquet-schema.js';

export interface ParquetExportOptions {
  /** The dataset split the file belongs to; default `train`. */
  split?: string;
}

const JsonObject = z.record(z.string(), z.unknown());
type JsonObject = z.infer<typeof JsonObject>;

/** Writes the records of `jsonlPath` as one Parquet file under `outDir/data/`; returns the file's path. */
export async function exportParquet(
  jsonlPath: string,
  outDir: string,
  options: ParquetExportOptions = {},
): Promise<string> {
  const columns = await inferColumns(jsonlPath);
  if (columns.size === 0) throw new LegoError('bad_input', `${jsonlPath} holds no records to export`);
  const path = join(outDir, 'data', `${options.split ?? 'train'}-00000-of-00001.parquet`);
  mkdirSync(join(outDir, 'data'), { recursive: true });
  const temp = `${path}.tmp-${process.pid}`;
  await parquetWriteRows({
    writer: fileWriter(temp),
    rows: convertedRows(jsonlPath, columns),
    columns: [...columns.keys()].map((name) => ({ name })),
    schema: [
      { name: 'root', num_children: columns.size },
      ...[...columns].flatMap(([name, type]) => schemaElements(name, type)),
    ],
  });
  renameSync(temp, path);
  return path;
}

async function inferColumns(jsonlPath: string): Promise<Map<string, ColumnType>> {
  const columns = new Map<string, ColumnType>();
  for await (const record of objects(jsonlPath)) {
    for (const [name, value] of Object.entries(record)) {
      columns.set(name, mergeTypes(columns.get(name) ?? { kind: 'null' }, typeOf(value)));
    }
  }
  return columns;
}

async function* convertedRows(
  jsonlPath: string,
  columns: Map<string, ColumnType>,
): AsyncGenerator<JsonObject> {
  for await (const record of objects(jsonlPath)) {
    yield Object.fromEntries([...columns].map(([name, type]) => [name, toColumnValue(record[name], type)]));
  }
}

async function* objects(jsonlPath: string): AsyncGenerator<JsonObject> {
  for await (const record of readRecords(jsonlPath, JsonObject)) {
    if ('error' in record) throw record.error;
    yield record.value;
  }
}
