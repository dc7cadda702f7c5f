import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { providers } from '../sandbox/index.js';
import type { Sandbox } from '../sandbox/sandbox.js';
import { applyErrorLines, applyPatch, testFilesOf } from './apply.js';
import { diffOf, gitIn, makeRepo, removeRepo, treeState, writeFiles } from './fixture-repo.js';

const lines = (count: number, edit: Record<number, string> = {}) =>
  Array.from({ length: count }, (_, i) => edit[i + 1] ?? String(i + 1)).join('\n') + '\n';
const binary = (seed: number) => Buffer.from(Array.from({ length: 600 }, (_, i) => (i * seed) % 256));

describe.each([{ bubblewrap: 'auto' as const }, { bubblewrap: 'off' as const }])(
  'applyPatch in a local sandbox (bubblewrap $bubblewrap)',
  ({ bubblewrap }) => {
    let dir: string;
    let sandbox: Sandbox;

    beforeAll(async () => {
      ({ dir } = await makeRepo({
        'a.txt': lines(30),
        'b.txt': lines(30),
        'img.bin': binary(7),
        'keep.txt': 'x\n',
      }));
      sandbox = await providers.local({ bubblewrap }).create({ repoDir: dir });
    });
    afterAll(async () => {
      await sandbox.close();
      await removeRepo(dir);
    });

    it('applies a clean patch with the first method, binary hunks included', async () => {
      const patch = await diffOf(dir, {
        'a.txt': lines(30, { 5: 'five' }),
        'img.bin': binary(11),
        'new/n.bin': binary(3),
      });
      const result = await applyPatch(sandbox, patch, 'clean');
      expect([result.applied, result.method]).toEqual([true, 'git apply --verbose --binary']);
      expect(await readFile(join(dir, 'img.bin'))).toEqual(binary(11));
      expect(await readFile(join(dir, 'new/n.bin'))).toEqual(binary(3));
      expect(result.log).toContain('>>> git apply --verbose --binary\n');
      await gitIn(dir, 'reset', '-q', '--hard');
      await gitIn(dir, 'clean', '-qfd');
    });

    it('restores the tree between tries, so patch --fuzz sees the original files', async () => {
      const patch = await diffOf(dir, {
        'a.txt': lines(30, { 5: 'five' }),
        'b.txt': lines(30, { 15: 'fifteen' }),
      });
      await writeFiles(dir, { 'b.txt': lines(30, { 13: 'thirteen' }) });
      const result = await applyPatch(sandbox, patch, 'drifted');
      expect([result.applied, result.method]).toEqual([true, 'patch --batch --fuzz=5 -p1 -i']);
      expect(result.log).not.toContain('Reversed (or previously applied) patch detected');
      expect(await readFile(join(dir, 'a.txt'), 'utf8')).toBe(lines(30, { 5: 'five' }));
      expect(await readFile(join(dir, 'b.txt'), 'utf8')).toBe(lines(30, { 13: 'thirteen', 15: 'fifteen' }));
      await gitIn(dir, 'reset', '-q', '--hard');
      await gitIn(dir, 'clean', '-qfd');
    });

    it('leaves the tree exactly as it was when no method applies, untracked files included', async () => {
      const patch = await diffOf(dir, {
        'a.txt': lines(30, { 5: 'five' }),
        'b.txt': lines(30, { 15: 'fifteen' }),
        'deep/dir/new.txt': 'new\n',
        'untracked.txt': 'from the patch\n',
        'img.bin': binary(13),
      });
      await writeFiles(dir, { 'b.txt': lines(10), 'untracked.txt': 'mine\n', 'keep.txt': 'edited\n' });
      const before = await treeState(dir);
      const result = await applyPatch(sandbox, patch, 'broken');
      expect([result.applied, result.method]).toEqual([false, null]);
      expect(result.log.match(/^>>> /gm)).toHaveLength(3);
      expect(await treeState(dir)).toEqual(before);
      expect(applyErrorLines(result.log)[0]).toMatch(/^error: /);
      await gitIn(dir, 'reset', '-q', '--hard');
      await gitIn(dir, 'clean', '-qfd');
    });
  },
);

describe('testFilesOf', () => {
  it('lists every file a test patch touches, created, deleted and renamed ones included', async () => {
    const { dir } = await makeRepo({
      'tests/test_old.py': 'x = 1\n'.repeat(10),
      'tests/test_gone.py': 'y\n',
    });
    const patch = await diffOf(dir, {
      'tests/test_old.py': null,
      'tests/test_moved.py': 'x = 1\n'.repeat(10),
      'tests/test_gone.py': null,
      'tests/test_new.py': 'z\n',
    });
    await removeRepo(dir);
    expect(testFilesOf(patch).sort()).toEqual([
      'tests/test_gone.py',
      'tests/test_moved.py',
      'tests/test_new.py',
      'tests/test_old.py',
    ]);
  });
});
