import { createRequire } from 'node:module';
import { extname } from 'node:path';
import { Language, Parser, type Tree } from 'web-tree-sitter';
import { LegoError } from '../../../../errors.js';

/** The grammar `.wasm` files synthesis parses with, as shipped inside their npm packages. */
export const grammars = {
  python: 'tree-sitter-python/tree-sitter-python.wasm',
  javascript: 'tree-sitter-javascript/tree-sitter-javascript.wasm',
  typescript: 'tree-sitter-typescript/tree-sitter-typescript.wasm',
  tsx: 'tree-sitter-typescript/tree-sitter-tsx.wasm',
} as const;
export type GrammarName = keyof typeof grammars;

const byExtension: Record<string, GrammarName> = {
  '.py': 'python',
  '.js': 'javascript',
  '.jsx': 'javascript',
  '.mjs': 'javascript',
  '.cjs': 'javascript',
  '.ts': 'typescript',
  '.mts': 'typescript',
  '.cts': 'typescript',
  '.tsx': 'tsx',
};

/** The grammar for a path by its extension, or undefined for a file synthesis does not handle. */
export function grammarOf(path: string): GrammarName | undefined {
  return path.endsWith('.d.ts') ? undefined : byExtension[extname(path)];
}

let loaded: Promise<Record<GrammarName, Parser>> | undefined;

async function loadAll(): Promise<Record<GrammarName, Parser>> {
  const require = createRequire(import.meta.url);
  await Parser.init();
  const entries = await Promise.all(
    Object.entries(grammars).map(async ([name, file]) => {
      const parser = new Parser();
      parser.setLanguage(await Language.load(require.resolve(file)));
      return [name, parser] as const;
    }),
  );
  return Object.fromEntries(entries) as Record<GrammarName, Parser>;
}

/** One parser per grammar, loaded once per process. */
export function loadParsers(): Promise<Record<GrammarName, Parser>> {
  loaded ??= loadAll().catch((err: unknown) => {
    loaded = undefined;
    throw new LegoError('internal', `cannot load the tree-sitter grammars: ${(err as Error).message}`);
  });
  return loaded;
}

/** Parses `text`; the caller deletes the tree when done (it lives in WebAssembly memory). */
export async function parseSource(grammar: GrammarName, text: string): Promise<Tree> {
  const tree = (await loadParsers())[grammar].parse(text);
  if (!tree) throw new LegoError('internal', `tree-sitter returned no tree for a ${grammar} source`);
  return tree;
}
