/**
 * Tool-call argument values as a Python program prints them: OpenHands renders each argument with
 * `f'{value}'` (so `True`, `None`, `1.0`) and lists and dicts with `json.dumps`. A JSON float literal
 * stays a float (`1.0`, not `1`), so arguments are read with their literal kinds kept.
 */

/** A JSON number written with a fraction or exponent: Python reads it as a float. */
export class PyFloat {
  constructor(readonly value: number) {}
}

/** A JSON value with floats marked and object keys in their written order (as a Python dict keeps them). */
export type PyValue = string | number | boolean | null | PyFloat | PyValue[] | PyDict;
export interface PyDict {
  entries: Array<[string, PyValue]>;
}

const numberPattern = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const literals: Record<string, PyValue> = { true: true, false: false, null: null };

class Reader {
  at = 0;
  constructor(private readonly text: string) {}

  fail(): never {
    throw new SyntaxError(`invalid JSON at position ${this.at}`);
  }

  skip(): void {
    while (/\s/.test(this.text[this.at] ?? '')) this.at++;
  }

  string(): string {
    const match = /"(?:[^"\\]|\\.)*"/y;
    match.lastIndex = this.at;
    const found = match.exec(this.text) ?? this.fail();
    this.at = match.lastIndex;
    return JSON.parse(found[0]) as string;
  }

  value(): PyValue {
    this.skip();
    const char = this.text[this.at];
    if (char === '"') return this.string();
    if (char === '[') return this.list();
    if (char === '{') return this.dict();
    for (const [word, value] of Object.entries(literals))
      if (this.text.startsWith(word, this.at)) {
        this.at += word.length;
        return value;
      }
    numberPattern.lastIndex = this.at;
    const literal = numberPattern.exec(this.text)?.[0] ?? this.fail();
    this.at += literal.length;
    return /[.eE]/.test(literal) ? new PyFloat(Number(literal)) : Number(literal);
  }

  items<T>(close: string, item: () => T): T[] {
    const out: T[] = [];
    this.at++;
    this.skip();
    if (this.text[this.at] === close) {
      this.at++;
      return out;
    }
    for (;;) {
      out.push(item());
      this.skip();
      const next = this.text[this.at++];
      if (next === close) return out;
      if (next !== ',') this.fail();
    }
  }

  list(): PyValue[] {
    return this.items(']', () => this.value());
  }

  dict(): PyDict {
    const entries = this.items('}', (): [string, PyValue] => {
      this.skip();
      const key = this.text[this.at] === '"' ? this.string() : this.fail();
      this.skip();
      if (this.text[this.at++] !== ':') this.fail();
      return [key, this.value()];
    });
    return { entries };
  }
}

/** Parses JSON text keeping float literals and key order; throws a SyntaxError on invalid JSON. */
export function parsePyJson(text: string): PyValue {
  const reader = new Reader(text);
  const value = reader.value();
  reader.skip();
  if (reader.at !== text.length) reader.fail();
  return value;
}

/** Python's `repr(float)`: the shortest round-trip digits, exponent form below 1e-4 and from 1e16. */
export function pyFloatRepr(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
  const [mantissa, exp] = value.toExponential().split('e') as [string, string];
  const exponent = Number(exp);
  if (exponent < -4 || exponent >= 16) {
    const sign = exponent < 0 ? '-' : '+';
    return `${mantissa}e${sign}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  const fixed = value.toFixed(Math.max(0, mantissa.replace(/^-?\d\.?/, '').length - exponent));
  return fixed.includes('.') ? fixed : `${fixed}.0`;
}

const shortEscapes: Record<string, string> = {
  '"': '\\"',
  '\\': '\\\\',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\b': '\\b',
  '\f': '\\f',
};

/** A string as Python's `json.dumps` writes it (ASCII only: everything outside space..~ escaped). */
function pyJsonString(text: string): string {
  const body = text.replace(
    /[^ -~]|["\\]/g,
    (char) => shortEscapes[char] ?? `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  return `"${body}"`;
}

/** Python's `json.dumps(value)` with its default separators `, ` and `: `. */
export function pyJsonDumps(value: PyValue): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'string') return pyJsonString(value);
  if (typeof value === 'number') return String(value);
  if (value instanceof PyFloat) return pyFloatRepr(value.value).replace(/^(-?)inf$/, '$1Infinity');
  if (Array.isArray(value)) return `[${value.map(pyJsonDumps).join(', ')}]`;
  return `{${value.entries.map(([k, v]) => `${pyJsonString(k)}: ${pyJsonDumps(v)}`).join(', ')}}`;
}

/** `f'{value}'` for a scalar, `json.dumps(value)` for a list or dict: how OpenHands writes an argument. */
export function pyArgumentText(value: PyValue): string {
  if (value === null) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (value instanceof PyFloat) return pyFloatRepr(value.value);
  return pyJsonDumps(value);
}

/** A parsed value back to plain JSON data (floats as numbers, dicts as objects). */
export function plainValue(value: PyValue): unknown {
  if (value instanceof PyFloat) return value.value;
  if (Array.isArray(value)) return value.map(plainValue);
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(value.entries.map(([k, v]) => [k, plainValue(v)]));
  return value;
}
