import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../repos/test-repo.js';
import { detectEnvWithNotes } from './index.js';
import { typescriptAt } from './node-typescript-pin.js';
import { writeTree } from './testing/tree.js';

let root: string;
let count = 0;
beforeAll(async () => {
  root = await tempDir('lf-detect-ts-pin-test-');
});
afterAll(() => rm(root, { recursive: true, force: true }));

/** A checkout of one commit made at `date`, with `files`. */
async function commitAt(files: Record<string, string>, date: string): Promise<string> {
  const dir = await writeTree(join(root, `repo${count++}`), files);
  const env = { GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date };
  await execa('git', ['init', '-q'], { cwd: dir });
  await execa('git', ['add', '.'], { cwd: dir });
  await execa('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-qm', 'c'], { cwd: dir, env });
  return dir;
}

const pkg = (deps: Record<string, string>) =>
  JSON.stringify({ name: 'demo', version: '1.0.0', devDependencies: { mocha: '^10.0.0', ...deps } });

describe('the TypeScript minor out at the commit', () => {
  it.each([
    ['^4.0.0', '2022-08-04T21:12:18.000Z', '~4.7.0'],
    ['^4.8.0', '2022-08-26T00:00:00.000Z', '~4.8.0'],
    ['^5.8.3', '2025-08-01T13:11:02.000Z', '~5.9.0'],
    ['^4.8.0', '2022-08-04T00:00:00.000Z', undefined],
    ['~4.0.0', '2022-08-04T00:00:00.000Z', undefined],
    ['4.0.5', '2022-08-04T00:00:00.000Z', undefined],
    ['^5.0.0', '2026-01-01T00:00:00.000Z', undefined],
  ])('%s at %s → %s', (range, date, pinned) => {
    expect(typescriptAt(range, date)).toBe(pinned);
  });
});

describe('an npm install without a lockfile holds TypeScript to the minor out at the commit', () => {
  it('narrows the copied package.json range before npm install', async () => {
    const dir = await commitAt(
      { 'package.json': pkg({ typescript: '^4.0.0' }) },
      '2022-08-04T17:12:18-04:00',
    );
    const { spec } = await detectEnvWithNotes(dir);
    expect(spec.install).toEqual([
      'npm pkg delete scripts',
      'npm pkg set devDependencies.typescript=~4.7.0',
      'npm install --no-audit --no-fund',
    ]);
  });

  it('leaves a lockfile, and a checkout with no commit, as they are', async () => {
    const locked = await commitAt(
      { 'package.json': pkg({ typescript: '^4.0.0' }), 'package-lock.json': '{}' },
      '2022-08-04T17:12:18-04:00',
    );
    expect((await detectEnvWithNotes(locked)).spec.install).toEqual([
      'npm pkg delete scripts',
      'npm ci --no-audit --no-fund',
    ]);
    const plain = await writeTree(join(root, `repo${count++}`), {
      'package.json': pkg({ typescript: '^4.0.0' }),
    });
    expect((await detectEnvWithNotes(plain)).spec.install).toEqual([
      'npm pkg delete scripts',
      'npm install --no-audit --no-fund',
    ]);
  });
});
