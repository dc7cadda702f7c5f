import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../repos/test-repo.js';
import { detectEnvWithNotes } from './index.js';
import { writeTree } from './testing/tree.js';

let root: string;
let count = 0;
beforeAll(async () => {
  root = await tempDir('lf-detect-jest-ci-test-');
});
afterAll(() => rm(root, { recursive: true, force: true }));

const pkg = (jest: string) => JSON.stringify({ name: 'demo', version: '1.0.0', devDependencies: { jest } });
const TAIL = "--config '{}' --json --outputFile={junit} {tests}";

async function testCommand(files: Record<string, string>): Promise<string> {
  const dir = await writeTree(join(root, `repo${count++}`), files);
  return (await detectEnvWithNotes(dir)).spec.test_cmd;
}

describe('jest gets --ci only where the installed jest has it (jest 20 added it)', () => {
  it.each([
    ['a range on jest 19, no lockfile', { 'package.json': pkg('^19.0.2') }, `jest ${TAIL}`],
    ['a range on jest 29, no lockfile', { 'package.json': pkg('^29.7.0') }, `jest --ci ${TAIL}`],
    ['a range that names no version', { 'package.json': pkg('latest') }, `jest --ci ${TAIL}`],
    [
      'yarn.lock pins jest 19 for a range that would allow jest 20',
      {
        'package.json': pkg('>=19'),
        'yarn.lock':
          '# yarn lockfile v1\n\n"jest-cli@^19.0.2":\n  version "19.0.2"\n\njest@>=19:\n  version "19.0.2"\n',
      },
      `jest ${TAIL}`,
    ],
    [
      'yarn berry pins jest 29',
      {
        'package.json': pkg('^19.0.0 || ^29.0.0'),
        'yarn.lock': '__metadata:\n  version: 8\n\n"jest@npm:^19.0.0 || ^29.0.0":\n  version: 29.7.0\n',
      },
      `jest --ci ${TAIL}`,
    ],
    [
      'package-lock.json (v3) pins jest 19',
      {
        'package.json': pkg('*'),
        'package-lock.json': JSON.stringify({
          lockfileVersion: 3,
          packages: {
            'node_modules/jest-cli': { version: '29.7.0' },
            'node_modules/jest': { version: '19.0.2' },
          },
        }),
      },
      `jest ${TAIL}`,
    ],
    [
      'package-lock.json (v1) pins jest 19',
      {
        'package.json': pkg('*'),
        'package-lock.json': JSON.stringify({
          lockfileVersion: 1,
          dependencies: { jest: { version: '19.0.2' } },
        }),
      },
      `jest ${TAIL}`,
    ],
    [
      'pnpm-lock.yaml (format 9) pins jest 19',
      {
        'package.json': pkg('*'),
        'pnpm-lock.yaml':
          "lockfileVersion: '9.0'\n\npackages:\n\n  jest-cli@29.7.0:\n    resolution: {}\n\n  jest@19.0.2:\n    resolution: {}\n",
      },
      `jest ${TAIL}`,
    ],
    [
      'pnpm-lock.yaml (format 5) pins jest 27',
      {
        'package.json': pkg('*'),
        'pnpm-lock.yaml': 'lockfileVersion: 5.4\n\npackages:\n\n  /jest/27.5.1:\n    resolution: {}\n',
      },
      `jest --ci ${TAIL}`,
    ],
  ])('%s', async (_name, files, command) => {
    expect(await testCommand(files)).toBe(command);
  });
});
