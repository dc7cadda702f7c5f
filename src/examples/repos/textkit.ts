import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../package-root.js';
import type { ExampleRepo } from './types.js';

const packageJson = `{
  "name": "textkit",
  "version": "1.0.0",
  "private": true,
  "type": "module",
  "scripts": { "test": "vitest run" },
  "devDependencies": { "vitest": "2.1.9" },
  "overrides": { "rollup": "4.67.4" }
}
`;

const lockfile = readFileSync(join(packageRoot(), 'src/examples/repos/textkit.package-lock.json'), 'utf8');

const wordsV1 = `export function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

export function wordCount(text: string): number {
  return text.split(' ').length;
}
`;

const wordsV2 = `export function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

export function wordCount(text: string): number {
  const words = text.trim().split(/\\s+/);
  return words[0] === '' ? 0 : words.length;
}
`;

const truncateV1 = `/** Shortens text to at most \`max\` characters, ending with an ellipsis when cut. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  return text.slice(0, max) + '…';
}
`;

const truncateV2 = truncateV1.replace('text.slice(0, max)', 'text.slice(0, max - 1)');

const wordsTestV1 = `import { describe, expect, it } from 'vitest';
import { capitalize, wordCount } from '../src/words';

describe('capitalize', () => {
  it('upper-cases the first letter', () => {
    expect(capitalize('lego')).toBe('Lego');
  });
});

describe('wordCount', () => {
  it('counts words separated by one space', () => {
    expect(wordCount('red green blue')).toBe(3);
  });
});
`;

const wordsTestV2 = wordsTestV1.replace(
  "    expect(wordCount('red green blue')).toBe(3);\n  });\n",
  "    expect(wordCount('red green blue')).toBe(3);\n  });\n\n" +
    "  it('ignores repeated and surrounding whitespace', () => {\n" +
    "    expect(wordCount('  red   green\\tblue ')).toBe(3);\n  });\n\n" +
    "  it('counts zero words in a blank string', () => {\n    expect(wordCount('   ')).toBe(0);\n  });\n",
);

const truncateTestV1 = `import { describe, expect, it } from 'vitest';
import { truncate } from '../src/truncate';

describe('truncate', () => {
  it('keeps short text', () => {
    expect(truncate('brick', 10)).toBe('brick');
  });
});
`;

const truncateTestV2 = truncateTestV1.replace(
  "    expect(truncate('brick', 10)).toBe('brick');\n  });\n",
  "    expect(truncate('brick', 10)).toBe('brick');\n  });\n\n" +
    "  it('never exceeds the limit, ellipsis included', () => {\n" +
    "    expect(truncate('building blocks', 8)).toBe('buildin…');\n  });\n",
);

/** A TypeScript package tested with vitest, with two real bug fixes in its history. */
export const textkit: ExampleRepo = {
  repo: 'legofactory-examples/textkit',
  isTestFile: (path) => path.startsWith('test/'),
  commits: [
    {
      message: 'Add capitalize and wordCount',
      files: {
        'package.json': packageJson,
        'package-lock.json': lockfile,
        '.gitignore': 'node_modules/\n',
        'src/words.ts': wordsV1,
        'test/words.test.ts': wordsTestV1,
      },
    },
    {
      message: 'Count words separated by any whitespace',
      files: { 'src/words.ts': wordsV2, 'test/words.test.ts': wordsTestV2 },
    },
    {
      message: 'Add truncate',
      files: { 'src/truncate.ts': truncateV1, 'test/truncate.test.ts': truncateTestV1 },
    },
    {
      message: 'Keep truncated text within the limit',
      files: { 'src/truncate.ts': truncateV2, 'test/truncate.test.ts': truncateTestV2 },
    },
  ],
  tasks: [
    {
      fixCommit: 1,
      problem_statement:
        'wordCount miscounts text with repeated spaces.\n\n' +
        "`wordCount('  red   green\\tblue ')` returns 8 instead of 3, and a blank string counts as one word.",
      FAIL_TO_PASS: [
        'test/words.test.ts > wordCount > ignores repeated and surrounding whitespace',
        'test/words.test.ts > wordCount > counts zero words in a blank string',
      ],
      PASS_TO_PASS: [
        'test/words.test.ts > capitalize > upper-cases the first letter',
        'test/words.test.ts > wordCount > counts words separated by one space',
      ],
    },
    {
      fixCommit: 3,
      problem_statement:
        'truncate returns text longer than the limit.\n\n' +
        "`truncate('building blocks', 8)` returns 9 characters (`'building…'`); the ellipsis should count " +
        'toward the limit.',
      FAIL_TO_PASS: ['test/truncate.test.ts > truncate > never exceeds the limit, ellipsis included'],
      PASS_TO_PASS: ['test/truncate.test.ts > truncate > keeps short text'],
    },
  ],
};
