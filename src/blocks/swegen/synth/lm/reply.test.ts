import { describe, expect, it } from 'vitest';
import type { SourceFile } from '../files.js';
import { functionSpans, type FunctionSpan } from './functions.js';
import { codeBlocks, replaceFunction } from './reply.js';

const python: SourceFile = {
  path: 'stats.py',
  grammar: 'python',
  text: `class Stats:
    def median(self, xs):
        """The middle value."""
        ordered = sorted(xs)
        return ordered[len(ordered) // 2]
`,
};

const typescript: SourceFile = {
  path: 'words.ts',
  grammar: 'typescript',
  text: `export function wordCount(text: string): number {
  // split on any whitespace
  const words = text.trim().split(/\\s+/);
  return words[0] === '' ? 0 : words.length;
}
`,
};

async function span(file: SourceFile): Promise<FunctionSpan> {
  return (await functionSpans(file))[0]!;
}

describe('codeBlocks', () => {
  it('takes fenced blocks, an unclosed last one, or the whole reply without fences', () => {
    expect(codeBlocks('x\n```python\na = 1\n```\ntext\n```\nb = 2\n```')).toEqual(['a = 1\n', 'b = 2\n']);
    expect(codeBlocks('```ts\nconst a = 1;\n')).toEqual(['const a = 1;\n']);
    expect(codeBlocks('def f():\n    pass\n')).toEqual(['def f():\n    pass\n']);
    expect(codeBlocks('only ``` a stray fence')).toEqual([]);
  });
});

describe('replaceFunction', () => {
  it('puts a method back at its indentation, drops comments it gained and restores its docstring', async () => {
    const reply =
      'Sure! Here it is:\n```python\ndef median(self, xs):\n    """Returns the lower middle (bug)."""\n' +
      '    ordered = sorted(xs)  # sort first\n    # off by one below\n    return ordered[len(ordered) // 2 - 1]\n```\n';
    expect(await replaceFunction(reply, await span(python))).toEqual({
      text: python.text.replace('len(ordered) // 2]', 'len(ordered) // 2 - 1]'),
    });
  });

  it('keeps the comments the original had', async () => {
    const reply =
      '```typescript\nexport function wordCount(text: string): number {\n  // split on any whitespace\n' +
      "  const words = text.split(/\\s+/); // no trim\n  return words[0] === '' ? 0 : words.length;\n}\n```";
    expect(await replaceFunction(reply, await span(typescript))).toEqual({
      text: typescript.text.replace('text.trim().split', 'text.split'),
    });
  });

  it('says why a reply cannot be used', async () => {
    const median = await span(python);
    const cases: [string | null, string][] = [
      [null, 'empty_reply'],
      ['  ', 'empty_reply'],
      ['I cannot do that ``` sorry', 'no_code'],
      ['```python\ndef mean(xs):\n    return 0\n```', 'missing_function'],
      ['```python\ndef median(self, xs, key=None):\n    return 0\n```', 'signature_changed'],
      ['```python\ndef median(self, xs):\n    return ordered[len(ordered) // 2\n```', 'missing_function'],
      [
        '```python\ndef median(self, xs):\n    """The middle value."""\n    ordered = sorted(xs)\n    return ordered[len(ordered) // 2]\n```',
        'unchanged',
      ],
    ];
    for (const [reply, problem] of cases) expect(await replaceFunction(reply, median)).toEqual({ problem });
  });

  it('finds a TypeScript method given on its own, outside its class', async () => {
    const file: SourceFile = {
      path: 'stack.ts',
      grammar: 'typescript',
      text: 'export class Stack {\n  size(): number {\n    return this.items.length;\n  }\n}\n',
    };
    const reply = '```ts\nsize(): number {\n  return this.items.length - 1;\n}\n```';
    expect(await replaceFunction(reply, await span(file))).toEqual({
      text: file.text.replace('length;', 'length - 1;'),
    });
  });
});
