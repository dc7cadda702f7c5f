import { pathToFileURL } from 'node:url';
import type { SourceFile } from '../src/blocks/swegen/synth/files.js';
import { parseSource } from '../src/blocks/swegen/synth/parse/languages.js';
import { generateProcedural } from '../src/blocks/swegen/synth/procedural.js';
import { median } from './median.js';

/** What the procedural throughput benchmark measured. */
export interface SynthThroughputFigures {
  files: number;
  functions: number;
  candidates: number;
  /** Medians over the repeats. */
  parseMs: number;
  synthMs: number;
  candidatesPerSecond: number;
}

const pythonFunction = (i: number) => `def f_${i}(items, limit):
    """Sums some items ${i}."""
    total = 0
    for k in range(${(i % 7) + 2}):
        if items[k] > limit and k < ${(i % 5) + 1}:
            total += items[k] * ${(i % 3) + 2}
    with open(os.devnull) as sink:
        sink.write(str(total).strip().lower())
    return total - ${i % 4}
`;

const pythonClass = (i: number) => `class Box${i}(Base):
    def get(self, key):
        return self.data.get(key)

    def put(self, key, value):
        self.data[key] = value + ${i}
`;

const typescriptFunction = (i: number) => `export function f${i}(items: number[], limit: number): number {
  let total = 0;
  for (let k = 0; k < ${(i % 7) + 2}; k++) {
    if (items[k] > limit && k < ${(i % 5) + 1}) {
      total += items[k] * ${(i % 3) + 2};
    }
  }
  try {
    total = total / limit;
  } catch (error) {
    total = 0;
  }
  return String(total).trim().length - ${i % 4};
}
`;

/** A generated tree: `files` files per language, 10 functions each, a class with two methods in every Python file. */
export function generatedTree(filesPerLanguage = 50): SourceFile[] {
  const files: SourceFile[] = [];
  for (let f = 0; f < filesPerLanguage; f += 1) {
    const ids = Array.from({ length: 10 }, (_, k) => f * 10 + k);
    files.push({
      path: `pkg/mod_${f}.py`,
      grammar: 'python',
      text: `import os\n\n\n${pythonClass(f)}\n\n${ids.map(pythonFunction).join('\n\n')}`,
    });
    files.push({
      path: `src/mod${f}.ts`,
      grammar: 'typescript',
      text: ids.map(typescriptFunction).join('\n'),
    });
  }
  return files;
}

async function parseAll(files: SourceFile[]): Promise<void> {
  for (const file of files) (await parseSource(file.grammar, file.text)).delete();
}

/**
 * Procedural candidates per second over a generated tree (every gated site of every transform), against
 * parsing the same files and nothing else, interleaved, median of `repeats`.
 */
export async function benchSynthThroughput(
  repeats = 5,
  filesPerLanguage = 50,
): Promise<SynthThroughputFigures> {
  const files = generatedTree(filesPerLanguage);
  await parseAll(files);
  const parse: number[] = [];
  const synth: number[] = [];
  let result = await generateProcedural(files, { seed: 1, max: Number.POSITIVE_INFINITY });
  for (let i = 0; i < repeats; i += 1) {
    let started = performance.now();
    await parseAll(files);
    parse.push(performance.now() - started);
    started = performance.now();
    result = await generateProcedural(files, { seed: 1, max: Number.POSITIVE_INFINITY });
    synth.push(performance.now() - started);
  }
  const synthMs = median(synth);
  return {
    files: files.length,
    functions: result.functions,
    candidates: result.bugs.length,
    parseMs: median(parse),
    synthMs,
    candidatesPerSecond: (result.bugs.length / synthMs) * 1000,
  };
}

/** The figures as one block of text. */
export function formatSynthThroughput(f: SynthThroughputFigures): string {
  return [
    `synth-throughput: ${f.files} generated files, ${f.functions} functions, ${f.candidates} procedural candidates (every gated site)`,
    `synth-throughput: ${f.candidatesPerSecond.toFixed(0)} candidates/s (${f.synthMs.toFixed(0)} ms in all); ` +
      `parse-only baseline: ${f.parseMs.toFixed(0)} ms for the ${f.files} files`,
    `synth-throughput: one candidate costs ${(f.synthMs / f.candidates / (f.parseMs / f.files)).toFixed(2)} parses of its file ` +
      '(each candidate is re-parsed to reject syntax errors)',
  ].join('\n');
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(formatSynthThroughput(await benchSynthThroughput(Number(process.argv[2] ?? 5))));
}
