import { describe, expect, it } from 'vitest';
import { generateProcedural } from '../procedural.js';
import type { GrammarName } from '../parse/languages.js';
import { pythonSource, typescriptSource } from './fixtures.js';
import { transformNames, type TransformName } from './index.js';

/** A bug as the lines it changes: the lines before and after are identical by construction. */
function change(before: string, after: string): string {
  const a = before.split('\n');
  const b = after.split('\n');
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head += 1;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a.at(-1 - tail) === b.at(-1 - tail)) tail += 1;
  const removed = a.slice(head, a.length - tail).map((line) => `-${line}`);
  const added = b.slice(head, b.length - tail).map((line) => `+${line}`);
  return [...removed, ...added].join('\n');
}

async function changes(path: string, text: string, grammar: GrammarName, transform: TransformName) {
  const result = await generateProcedural([{ path, text, grammar }], {
    seed: 7,
    max: 100,
    transforms: [transform],
  });
  return result.bugs.map((bug) => change(text, bug.text)).sort();
}

const expectedPython: Record<TransformName, string[]> = {
  invert_if: ['-    if not items:\n+    if items:'],
  shuffle_block: [
    '-        value = self.data.get(key)\n-        return value\n+        return value\n+        value = self.data.get(key)',
    '-    with open(os.devnull) as sink:\n-        sink.write("x")\n-    try:\n-        ratio = count / limit\n-    except ZeroDivisionError:\n-        ratio = 0\n+    try:\n+        ratio = count / limit\n+    except ZeroDivisionError:\n+        ratio = 0\n+    with open(os.devnull) as sink:\n+        sink.write("x")',
  ],
  remove_assignment: [
    '-        count += item\n+        pass',
    '-        ratio = 0\n+        pass',
    '-        ratio = count / limit\n+        pass',
    '-        self.data[key] = value\n+        pass',
    '-        value = self.data.get(key)',
    '-    count = 0',
  ],
  remove_conditional: ['-    if not items:\n-        return 0'],
  remove_loop: ['-    for item in items:\n-        count += item'],
  remove_wrapper: [
    '-    try:\n-        ratio = count / limit\n-    except ZeroDivisionError:\n-        ratio = 0\n+    ratio = count / limit',
    '-    with open(os.devnull) as sink:\n-        sink.write("x")\n+    sink.write("x")',
  ],
  break_chain: ['-    return name.strip().lower()\n+    return name.strip()'],
  change_constant: [
    '-        ratio = 0\n+        ratio = 1',
    '-        return 0\n+        return 1',
    '-    count = 0\n+    count = 1',
    '-    return a - b < 10 and b is not None\n+    return a - b < 9 and b is not None',
    '-    return values[1:size] + [size]\n+    return values[2:size] + [size]',
  ],
  change_operator: [
    '-        ratio = count / limit\n+        ratio = count * limit',
    '-    return a - b < 10 and b is not None\n+    return a + b < 10 and b is not None',
    '-    return a - b < 10 and b is not None\n+    return a - b < 10 and b is None',
    '-    return a - b < 10 and b is not None\n+    return a - b < 10 or b is not None',
    '-    return a - b < 10 and b is not None\n+    return a - b > 10 and b is not None',
    '-    return values[1:size] + [size]\n+    return values[1:size] - [size]',
  ],
  swap_operands: [
    '-        ratio = count / limit\n+        ratio = limit / count',
    '-    return a - b < 10 and b is not None\n+    return 10 < a - b and b is not None',
    '-    return a - b < 10 and b is not None\n+    return b - a < 10 and b is not None',
    '-    return values[1:size] + [size]\n+    return [size] + values[1:size]',
  ],
  off_by_one: [
    '-        self.data[key] = value\n+        self.data[key + 1] = value',
    '-    return a - b < 10 and b is not None\n+    return a - b <= 10 and b is not None',
    '-    return values[1:size] + [size]\n+    return values[0:size] + [size]',
    '-    return values[1:size] + [size]\n+    return values[1:size - 1] + [size]',
  ],
  remove_base_class: ['-class Cache(Base):\n+class Cache:'],
  remove_method: [
    '-    def get(self, key):\n-        value = self.data.get(key)\n-        return value\n-',
    '-    def put(self, key, value):\n-        self.data[key] = value\n-',
  ],
  shuffle_methods: [
    '-    def get(self, key):\n-        value = self.data.get(key)\n-        return value\n-\n-    def put(self, key, value):\n-        self.data[key] = value\n+    def put(self, key, value):\n+        self.data[key] = value\n+\n+    def get(self, key):\n+        value = self.data.get(key)\n+        return value',
  ],
};

const expectedTypeScript: Record<TransformName, string[]> = {
  invert_if: ['-  if (!items.length) return 0;\n+  if (items.length) return 0;'],
  shuffle_block: [
    '-    const value = this.data.get(key);\n-    return value;\n+    return value;\n+    const value = this.data.get(key);',
    '-  if (!items.length) return 0;\n-  let count = 0;\n-  for (const item of items) {\n-    count += item;\n-  }\n-  try {\n-    count = count / limit;\n-  } catch (error) {\n-    count = 0;\n-  }\n-  return count;\n+  return count;\n+  if (!items.length) return 0;\n+  for (const item of items) {\n+    count += item;\n+  }\n+  try {\n+    count = count / limit;\n+  } catch (error) {\n+    count = 0;\n+  }\n+  let count = 0;',
  ],
  remove_assignment: [
    '-    const value = this.data.get(key);',
    '-    count += item;',
    '-    count = 0;',
    '-    count = count / limit;',
    '-    this.data[key] = value;',
    '-  let count = 0;',
  ],
  remove_conditional: ['-  if (!items.length) return 0;'],
  remove_loop: ['-  for (const item of items) {\n-    count += item;\n-  }'],
  remove_wrapper: [
    '-  try {\n-    count = count / limit;\n-  } catch (error) {\n-    count = 0;\n-  }\n+  count = count / limit;',
  ],
  break_chain: [
    '-  return name.trim().toLowerCase();\n+  return name.trim();',
    '-  return values.slice(1, size).concat([size]);\n+  return values.slice(1, size);',
  ],
  change_constant: [
    '-    count = 0;\n+    count = 1;',
    '-  if (!items.length) return 0;\n+  if (!items.length) return 1;',
    '-  let count = 0;\n+  let count = 1;',
    '-  return values.slice(1, size).concat([size]);\n+  return values.slice(0, size).concat([size]);',
    '-export const small = (a: number, b: number): boolean => a - b < 10 && b !== undefined;\n+export const small = (a: number, b: number): boolean => a - b < 11 && b !== undefined;',
  ],
  change_operator: [
    '-    count = count / limit;\n+    count = count * limit;',
    '-export const small = (a: number, b: number): boolean => a - b < 10 && b !== undefined;\n+export const small = (a: number, b: number): boolean => a + b < 10 && b !== undefined;',
    '-export const small = (a: number, b: number): boolean => a - b < 10 && b !== undefined;\n+export const small = (a: number, b: number): boolean => a - b < 10 && b === undefined;',
    '-export const small = (a: number, b: number): boolean => a - b < 10 && b !== undefined;\n+export const small = (a: number, b: number): boolean => a - b < 10 || b !== undefined;',
    '-export const small = (a: number, b: number): boolean => a - b < 10 && b !== undefined;\n+export const small = (a: number, b: number): boolean => a - b > 10 && b !== undefined;',
  ],
  swap_operands: [
    '-    count = count / limit;\n+    count = limit / count;',
    '-export const small = (a: number, b: number): boolean => a - b < 10 && b !== undefined;\n+export const small = (a: number, b: number): boolean => 10 < a - b && b !== undefined;',
    '-export const small = (a: number, b: number): boolean => a - b < 10 && b !== undefined;\n+export const small = (a: number, b: number): boolean => b - a < 10 && b !== undefined;',
  ],
  off_by_one: [
    '-    this.data[key] = value;\n+    this.data[key + 1] = value;',
    '-  return values.slice(1, size).concat([size]);\n+  return values.slice(1, size - 1).concat([size]);',
    '-  return values.slice(1, size).concat([size]);\n+  return values.slice(2, size).concat([size]);',
    '-export const small = (a: number, b: number): boolean => a - b < 10 && b !== undefined;\n+export const small = (a: number, b: number): boolean => a - b <= 10 && b !== undefined;',
  ],
  remove_base_class: ['-export class Cache extends Base {\n+export class Cache {'],
  remove_method: [
    '-\n-  put(key: string, value: number): void {\n-    this.data[key] = value;\n-  }',
    '-  get(key: string): number {\n-    const value = this.data.get(key);\n-    return value;\n-  }\n-',
  ],
  shuffle_methods: [
    '-  get(key: string): number {\n-    const value = this.data.get(key);\n-    return value;\n-  }\n-\n-  put(key: string, value: number): void {\n-    this.data[key] = value;\n+  put(key: string, value: number): void {\n+    this.data[key] = value;\n+  }\n+\n+  get(key: string): number {\n+    const value = this.data.get(key);\n+    return value;',
  ],
};

describe('procedural transforms', () => {
  for (const transform of transformNames) {
    it(`${transform}: every site of the Python fixture, exactly`, async () => {
      expect(await changes('m.py', pythonSource, 'python', transform)).toEqual(expectedPython[transform]);
    });
    it(`${transform}: every site of the TypeScript fixture, exactly`, async () => {
      expect(await changes('m.ts', typescriptSource, 'typescript', transform)).toEqual(
        expectedTypeScript[transform],
      );
    });
  }
});

describe('procedural transforms on JavaScript (its own grammar)', () => {
  const source =
    'class Cache extends Map {\n  get(key) {\n    return super.get(key) ?? 0;\n  }\n}\nmodule.exports = { Cache };\n';
  it('removes a base class and swaps a nullish default for a logical or', async () => {
    expect(await changes('c.js', source, 'javascript', 'remove_base_class')).toEqual([
      '-class Cache extends Map {\n+class Cache {',
    ]);
    expect(await changes('c.js', source, 'javascript', 'change_operator')).toEqual([
      '-    return super.get(key) ?? 0;\n+    return super.get(key) || 0;',
    ]);
  });
});
