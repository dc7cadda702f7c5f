import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from './package-root.js';

const root = packageRoot();
const isTest = (file: string) => /\.(test|case)\.ts$/.test(file);

/** Every `.ts` file under src/, as a path from the package root (`src/...`). */
const sources = readdirSync(join(root, 'src'), { recursive: true, encoding: 'utf8' })
  .filter((file) => file.endsWith('.ts'))
  .map((file) => join('src', file).split('\\').join('/'))
  .sort();

/** Relative specifiers of `from '...'`, `import('...')` and bare `import '...'`; type-only imports included. */
const specifier =
  /\bfrom\s+['"](\.[^'"]*)['"]|\bimport\s*\(\s*['"](\.[^'"]*)['"]\s*\)|^import\s+['"](\.[^'"]*)['"]/gm;

/** What each file imports, as paths from the package root (`./x.js` resolves to `x.ts` when that exists). */
const imports = new Map(
  sources.map((file) => {
    const text = readFileSync(join(root, file), 'utf8');
    const targets = [...text.matchAll(specifier)].map((match) => {
      const path = relative(root, resolve(root, dirname(file), match[1] ?? match[2] ?? match[3]!));
      const ts = path.replace(/\.js$/, '.ts');
      return (existsSync(join(root, ts)) ? ts : path).split('\\').join('/');
    });
    return [file, [...new Set(targets)]];
  }),
);

const productFiles = sources.filter((file) => !isTest(file));
const importsOf = (file: string) => imports.get(file) ?? [];
const under = (folder: string) => (path: string) => path.startsWith(folder);

/**
 * Product files outside src/blocks that may import a block: the public API, the CLI, the quickstart, and
 * the pipeline's stage registry, which is where blocks become stages.
 */
const mayImportBlocks = [
  'src/blocks/',
  'src/cli/',
  'src/index.ts',
  'src/quickstart.ts',
  'src/quickstart-verdict.ts',
  'src/pipeline/stages/',
];

/** Every import cycle among `files`, each as the path around it (DFS; one report per cycle's entry edge). */
function cycles(files: string[]): string[][] {
  const inScope = new Set(files);
  const state = new Map<string, 'open' | 'done'>();
  const found: string[][] = [];
  const visit = (file: string, path: string[]) => {
    state.set(file, 'open');
    for (const next of importsOf(file).filter((target) => inScope.has(target))) {
      if (state.get(next) === 'open') found.push([...path.slice(path.indexOf(next)), file, next]);
      else if (!state.has(next)) visit(next, [...path, file]);
    }
    state.set(file, 'done');
  };
  for (const file of files) if (!state.has(file)) visit(file, []);
  return found;
}

describe('layering: dependencies point down the house', () => {
  it('reads the import graph (sanity: the runner imports the Block contract)', () => {
    expect(importsOf('src/runner.ts')).toContain('src/block.ts');
  });

  it('only the listed product files outside src/blocks import a block', () => {
    const offenders = productFiles
      .filter((file) => !mayImportBlocks.some((allowed) => file.startsWith(allowed)))
      .flatMap((file) =>
        importsOf(file)
          .filter(under('src/blocks/'))
          .map((target) => `${file} -> ${target}`),
      );
    expect(offenders).toEqual([]);
  });

  it('nothing outside src/cli imports the CLI', () => {
    const offenders = productFiles
      .filter((file) => !file.startsWith('src/cli/'))
      .flatMap((file) =>
        importsOf(file)
          .filter(under('src/cli/'))
          .map((target) => `${file} -> ${target}`),
      );
    expect(offenders).toEqual([]);
  });

  it('nothing under src/ (tests included) imports the top-level examples/ folder', () => {
    const offenders = sources.flatMap((file) =>
      importsOf(file)
        .filter(under('examples/'))
        .map((target) => `${file} -> ${target}`),
    );
    expect(offenders).toEqual([]);
  });

  it('no import cycle among product files (type-only imports count)', () => {
    expect(cycles(productFiles).map((cycle) => cycle.join(' -> '))).toEqual([]);
  });
});
