import type { SchemaElement } from 'hyparquet-writer';

/** The Parquet type inferred for a JSON value; `json` columns hold JSON text. */
export type ColumnType =
  | { kind: 'null' | 'string' | 'int' | 'double' | 'bool' | 'json' }
  | { kind: 'list'; element: ColumnType }
  | { kind: 'struct'; fields: Map<string, ColumnType> };

/** Objects with more distinct keys than this are maps keyed by data (test names...), kept as JSON text. */
export const maxStructFields = 64;

const nullType: ColumnType = { kind: 'null' };
const jsonType: ColumnType = { kind: 'json' };

/** The type of one JSON value. */
export function typeOf(value: unknown): ColumnType {
  if (value === null || value === undefined) return nullType;
  if (typeof value === 'string') return { kind: 'string' };
  if (typeof value === 'boolean') return { kind: 'bool' };
  if (typeof value === 'number') return { kind: Number.isSafeInteger(value) ? 'int' : 'double' };
  if (Array.isArray(value)) return { kind: 'list', element: value.map(typeOf).reduce(mergeTypes, nullType) };
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length > maxStructFields) return jsonType;
  return { kind: 'struct', fields: new Map(entries.map(([key, field]) => [key, typeOf(field)])) };
}

/** The narrowest type holding values of both types: null widens to anything, int to double, else JSON text. */
export function mergeTypes(a: ColumnType, b: ColumnType): ColumnType {
  if (a.kind === 'null') return b;
  if (b.kind === 'null') return a;
  if (a.kind === 'list' && b.kind === 'list')
    return { kind: 'list', element: mergeTypes(a.element, b.element) };
  if (a.kind === 'struct' && b.kind === 'struct') return mergeStructs(a.fields, b.fields);
  if (a.kind === b.kind) return a;
  const numeric = new Set([a.kind, b.kind]);
  if (numeric.has('int') && numeric.has('double') && numeric.size === 2) return { kind: 'double' };
  return jsonType;
}

function mergeStructs(a: Map<string, ColumnType>, b: Map<string, ColumnType>): ColumnType {
  const fields = new Map(a);
  for (const [key, type] of b) fields.set(key, mergeTypes(fields.get(key) ?? nullType, type));
  return fields.size > maxStructFields ? jsonType : { kind: 'struct', fields };
}

/** Parquet schema elements (all optional) for one column; all-null columns become strings. */
export function schemaElements(name: string, type: ColumnType): SchemaElement[] {
  const optional = { name, repetition_type: 'OPTIONAL' } as const;
  switch (type.kind) {
    case 'int':
      return [{ ...optional, type: 'INT64' }];
    case 'double':
      return [{ ...optional, type: 'DOUBLE' }];
    case 'bool':
      return [{ ...optional, type: 'BOOLEAN' }];
    case 'list':
      return [
        { ...optional, converted_type: 'LIST', num_children: 1 },
        { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
        ...schemaElements('element', type.element),
      ];
    case 'struct':
      if (type.fields.size === 0) return schemaElements(name, jsonType);
      return [
        { ...optional, num_children: type.fields.size },
        ...[...type.fields].flatMap(([field, fieldType]) => schemaElements(field, fieldType)),
      ];
    default:
      return [{ ...optional, type: 'BYTE_ARRAY', converted_type: 'UTF8' }];
  }
}

/** A JSON value in the shape the writer expects for `type` (int64 as bigint, JSON columns as text). */
export function toColumnValue(value: unknown, type: ColumnType): unknown {
  if (value === null || value === undefined) return null;
  switch (type.kind) {
    case 'int':
      return BigInt(value as number);
    case 'list':
      return (value as unknown[]).map((element) => toColumnValue(element, type.element));
    case 'struct':
      if (type.fields.size === 0) return JSON.stringify(value);
      return Object.fromEntries(
        [...type.fields].map(([field, fieldType]) => [
          field,
          toColumnValue((value as Record<string, unknown>)[field], fieldType),
        ]),
      );
    case 'json':
      return JSON.stringify(value);
    default:
      return value;
  }
}
