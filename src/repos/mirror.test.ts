import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureMirror, mirrorPath } from './mirror.js';
import { commitFiles, gitIn, makeRepo, tempDir } from './test-repo.js';

let root: string;
beforeAll(async () => {
  root = await tempDir('lf-mirror-test-');
});
afterAll(() => rm(root, { recursive: true, force: true }));

const headOf = (mirror: string) => gitIn(mirror, 'rev-parse', 'HEAD');

describe('ensureMirror', () => {
  it('fetches new and rewritten history into an existing mirror', async () => {
    const source = join(root, 'source');
    const cache = join(root, 'cache');
    const first = await makeRepo(source, { 'a.txt': 'a\n' });
    const mirror = await ensureMirror('acme/src', source, cache);
    expect(mirror).toBe(mirrorPath(cache, 'acme/src'));
    expect(await headOf(mirror)).toBe(first);

    const second = await commitFiles(source, { 'a.txt': 'b\n' }, 'second');
    await gitIn(source, 'branch', 'topic');
    expect(await headOf(await ensureMirror('acme/src', source, cache))).toBe(second);
    expect(await gitIn(mirror, 'rev-parse', 'refs/heads/topic')).toBe(second);

    await gitIn(source, 'reset', '-q', '--hard', first);
    await gitIn(source, 'branch', '-D', 'topic');
    const rewritten = await commitFiles(source, { 'a.txt': 'c\n' }, 'rewritten');
    expect(await headOf(await ensureMirror('acme/src', source, cache))).toBe(rewritten);
    await expect(gitIn(mirror, 'rev-parse', '--verify', '--quiet', 'refs/heads/topic')).rejects.toThrow();
    expect(await gitIn(mirror, 'cat-file', '-t', second)).toBe('commit');
  });
});
