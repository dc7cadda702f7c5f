import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { LegoError } from '../../errors.js';
import { globMatcher } from './glob.js';

/** Test file globs by language; every language's globs apply to every repository. */
export const testFileGlobs = {
  any: ['**/test/**', '**/tests/**', '**/__tests__/**', '**/spec/**', '**/specs/**'],
  python: ['test_*.py', '*_test.py', 'conftest.py'],
  javascript: ['*.{test,spec}.{js,jsx,ts,tsx,mjs,cjs,mts,cts}'],
  go: ['*_test.go'],
  ruby: ['*_spec.rb', '*_test.rb'],
  java: ['**/src/test/**', '*Test.java', '*Tests.java'],
} as const;

const docGlobs = [
  '*.{md,rst,adoc}',
  '**/docs/**',
  '**/doc/**',
  'README*',
  'CHANGELOG*',
  'CHANGES*',
  'NEWS*',
  'LICENSE*',
  'COPYING*',
  'AUTHORS*',
];

const vendoredGlobs = [
  '**/vendor/**',
  '**/vendored/**',
  '**/_vendor/**',
  '**/third_party/**',
  '**/third-party/**',
  '**/node_modules/**',
  '*.min.{js,css}',
];

/** What `swegen mine` keeps, configurable from a YAML/JSON file; every field has a default. */
export const MineRules = z.object({
  test_files: z.array(z.string()).default(Object.values(testFileGlobs).flat()),
  doc_files: z.array(z.string()).default(docGlobs),
  vendored_files: z.array(z.string()).default(vendoredGlobs),
  /** Changes touching more files than this are rejected (`too_many_files`). */
  max_files: z.number().int().positive().default(50),
  /** Changes adding and deleting more lines than this in all are rejected (`too_many_lines`). */
  max_lines: z.number().int().positive().default(2000),
});
export type MineRules = z.infer<typeof MineRules>;

/** What a changed path is: vendored code, a test, documentation, or source code. */
export type FileKind = 'vendored' | 'test' | 'doc' | 'code';

/** Classifies paths by the rules (remembering each path's kind); vendored wins over test, test over doc. */
export function fileClassifier(rules: MineRules): (path: string) => FileKind {
  const vendored = globMatcher(rules.vendored_files);
  const test = globMatcher(rules.test_files);
  const doc = globMatcher(rules.doc_files);
  const kinds = new Map<string, FileKind>();
  return (path) => {
    let kind = kinds.get(path);
    if (kind === undefined) {
      kind = vendored(path) ? 'vendored' : test(path) ? 'test' : doc(path) ? 'doc' : 'code';
      kinds.set(path, kind);
    }
    return kind;
  };
}

/** Reads rule overrides from a YAML or JSON file; a clear `bad_input` naming the file when they are invalid. */
export async function loadMineRules(path: string): Promise<Partial<MineRules>> {
  const text = await readFile(path, 'utf8').catch((err: unknown) => {
    throw new LegoError('bad_input', `cannot read the rules file ${path}: ${(err as Error).message}`);
  });
  const parsed = MineRules.partial()
    .strict()
    .safeParse(parseYaml(text) ?? {});
  if (!parsed.success)
    throw new LegoError('bad_input', `rules file ${path} is invalid:\n${z.prettifyError(parsed.error)}`);
  return parsed.data;
}
