import { access, readdir, readFile, rm } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LegoError } from '../errors.js';
import { ensureMirror, mirrorPath } from './mirror.js';
import { commitFiles, gitIn, makeRepo, tempDir } from './test-repo.js';
import { prepareWorkspace } from './workspace.js';

let root: string;
let source: string;
const shas: string[] = [];

beforeAll(async () => {
  root = await tempDir();
  source = join(root, 'source');
  shas.push(await makeRepo(source, { 'app.py': 'v = 1\n' }));
  shas.push(await commitFiles(source, { 'app.py': 'v = 2\n' }, 'second'));
  await gitIn(source, 'tag', 'v0.2');
  shas.push(await commitFiles(source, { 'app.py': 'v = 3\n', 'fix.py': 'fixed = True\n' }, 'the fix'));
  await gitIn(source, 'tag', '-a', 'v1.0', '-m', 'release');
  await gitIn(source, 'branch', 'feature');
});

afterAll(() => rm(root, { recursive: true, force: true }));

async function leakReport(workspace: string) {
  return {
    log: (await gitIn(workspace, 'log', '--all', '--format=%H')).split('\n'),
    refs: await gitIn(workspace, 'for-each-ref'),
    remotes: await gitIn(workspace, 'remote'),
    reflog: await gitIn(workspace, 'reflog'),
    head: await gitIn(workspace, 'rev-parse', 'HEAD'),
    status: await gitIn(workspace, 'status', '--porcelain'),
    fetchHead: await access(join(workspace, '.git', 'FETCH_HEAD')).then(
      () => true,
      () => false,
    ),
  };
}

describe('ensureMirror + prepareWorkspace', () => {
  it.each([
    ['a non-bare path', () => source],
    [
      'a bare path',
      async () => (await gitIn(root, 'clone', '-q', '--bare', source, 'bare.git'), join(root, 'bare.git')),
    ],
    ['a file:// URL', () => pathToFileURL(source).href],
  ])('checks out the base commit from %s with nothing after it', async (_kind, sourceOf) => {
    const cache = await tempDir();
    const mirror = await ensureMirror('acme/demo', await sourceOf(), cache);
    expect(mirror).toBe(mirrorPath(cache, 'acme/demo'));
    expect(mirror).toBe(join(cache, 'repos', 'acme__demo.git'));
    expect(await gitIn(mirror, 'config', 'uploadpack.allowAnySHA1InWant')).toBe('true');
    const workspace = join(cache, 'ws');
    await prepareWorkspace(mirror, shas[1]!, workspace);
    expect(await leakReport(workspace)).toEqual({
      log: [shas[1], shas[0]],
      refs: '',
      remotes: '',
      reflog: '',
      head: shas[1],
      status: '',
      fetchHead: false,
    });
    expect(await readFile(join(workspace, 'app.py'), 'utf8')).toBe('v = 2\n');
    await expect(gitIn(workspace, 'cat-file', '-e', shas[2]!)).rejects.toThrow();
    expect(await gitIn(workspace, 'config', '--local', 'user.email')).toBe('legofactory@localhost');
    expect(await gitIn(workspace, 'config', '--local', 'user.name')).toBe('LegoFactory');
    expect(await gitIn(workspace, 'config', '--local', 'gc.auto')).toBe('0');
    await rm(cache, { recursive: true, force: true });
  });

  it('fetches new commits into an existing mirror and accepts a short sha', async () => {
    const cache = await tempDir();
    const mirror = await ensureMirror('acme/demo', source, cache);
    const later = await commitFiles(source, { 'later.py': 'x = 1\n' }, 'later');
    await ensureMirror('acme/demo', source, cache);
    await prepareWorkspace(mirror, later.slice(0, 10), join(cache, 'ws'));
    expect(await gitIn(join(cache, 'ws'), 'rev-parse', 'HEAD')).toBe(later);
    await gitIn(source, 'reset', '-q', '--hard', shas[2]!);
    await rm(cache, { recursive: true, force: true });
  });

  it('accepts relative source, cache and workspace paths', async () => {
    const cache = await tempDir();
    const mirror = await ensureMirror(
      'acme/demo',
      relative(process.cwd(), source),
      relative(process.cwd(), cache),
    );
    expect(mirror).toBe(join(cache, 'repos', 'acme__demo.git'));
    await prepareWorkspace(
      relative(process.cwd(), mirror),
      shas[0]!,
      relative(process.cwd(), join(cache, 'ws')),
    );
    expect(await readFile(join(cache, 'ws', 'app.py'), 'utf8')).toBe('v = 1\n');
    await rm(cache, { recursive: true, force: true });
  });

  it('lets concurrent callers share one mirror without leftovers', async () => {
    const cache = await tempDir();
    const mirrors = await Promise.all([1, 2, 3].map(() => ensureMirror('acme/demo', source, cache)));
    expect(new Set(mirrors).size).toBe(1);
    expect((await readdir(join(cache, 'repos'))).sort()).toEqual(['acme__demo.git', 'acme__demo.git.lock']);
    expect(await gitIn(mirrors[0]!, 'fsck', '--no-progress', '--no-dangling')).toBe('');
    expect(await gitIn(mirrors[0]!, 'rev-parse', 'refs/heads/main')).toBe(shas[2]);
    await rm(cache, { recursive: true, force: true });
  });

  it('names the repo and sha of a commit that does not exist', async () => {
    const cache = await tempDir();
    const mirror = await ensureMirror('acme/demo', source, cache);
    const missing = 'deadbeef'.repeat(5);
    const error = await prepareWorkspace(mirror, missing, join(cache, 'ws')).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(LegoError);
    expect(error).toMatchObject({ code: 'repo_unavailable', retryable: false });
    expect((error as Error).message).toContain(`commit ${missing} of acme/demo does not exist`);
    await rm(cache, { recursive: true, force: true });
  });

  it('refuses a missing source path and a non-empty workspace directory', async () => {
    const cache = await tempDir();
    await expect(ensureMirror('acme/demo', join(root, 'nope'), cache)).rejects.toMatchObject({
      code: 'repo_unavailable',
      message: `source path of acme/demo does not exist: ${join(root, 'nope')}`,
    });
    const mirror = await ensureMirror('acme/demo', source, cache);
    await expect(prepareWorkspace(mirror, shas[0]!, root)).rejects.toMatchObject({ code: 'bad_input' });
    await rm(cache, { recursive: true, force: true });
  });

  it('reports an unreachable URL as a retryable repo_unavailable', async () => {
    const cache = await tempDir();
    await expect(
      ensureMirror('acme/demo', pathToFileURL(join(root, 'nope')).href, cache),
    ).rejects.toMatchObject({
      code: 'repo_unavailable',
      retryable: true,
    });
    expect(await readdir(join(cache, 'repos'))).toEqual(['acme__demo.git.lock']);
    await rm(cache, { recursive: true, force: true });
  });
});
