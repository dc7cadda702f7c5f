import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { loadTokenCounter, qwen3TokenizerPath } from './tokenizer.js';

const qwen3 = await loadTokenCounter('qwen3');
const code = 'def add(a, b):\n    return a + b  # héllo 你好 12345\r\n';

describe('the Qwen3 token counter', () => {
  it('encodes exactly as the Qwen3 tokenizer of transformers does (ids taken from it)', () => {
    expect(qwen3.encode(code)).toEqual([
      750, 912, 2877, 11, 293, 982, 262, 470, 264, 488, 293, 220, 671, 305, 18503, 385, 220, 108386, 220, 16,
      17, 18, 19, 20, 319,
    ]);
    expect(qwen3.encode('<|im_start|>user\nhello world<|im_end|>\n')).toEqual([
      151644, 872, 198, 14990, 1879, 151645, 198,
    ]);
  });

  it('counts what encoding counts, memoized or not, special tokens included', async () => {
    const texts = [
      code,
      await readFile(new URL('./conversation.ts', import.meta.url), 'utf8'),
      'e\u0301 composed by NFC; tabs\t\tand   spaces   \n\n\n  end',
      'EXECUTION RESULT of [execute_bash]:\n<|im_end|> inside an observation',
      '',
    ];
    for (const text of texts) {
      expect(qwen3.count(text)).toBe(qwen3.encode(text).length);
      expect(qwen3.count(text)).toBe(qwen3.encode(text).length);
    }
  });

  it('loads any tokenizer.json path, and says which file it could not read', async () => {
    const byPath = await loadTokenCounter(qwen3TokenizerPath());
    expect(byPath.name).toBe(qwen3TokenizerPath());
    expect(byPath.encode(code)).toEqual(qwen3.encode(code));
    await expect(loadTokenCounter('/nope/tokenizer.json')).rejects.toThrow(
      /cannot read the tokenizer \/nope\/tokenizer.json/,
    );
  });
});
