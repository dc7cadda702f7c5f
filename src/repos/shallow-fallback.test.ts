import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureMirror } from './mirror.js';
import { commitFiles, gitIn, makeRepo, tempDir } from './test-repo.js';
import { blobAt, deleteLooseObject, orphanedPartialClone } from './testing/lacking-objects.js';
import { describeCheckout } from './history.js';
import { whyFetchFailed } from './shallow.js';
import { prepareWorkspace } from './workspace.js';

let root: string;

beforeAll(async () => {
  root = await tempDir();
});

afterAll(() => rm(root, { recursive: true, force: true }));

/** Six commits: `old.bin` lives only in the first, `a.txt` changes up to the fourth, then files are added. */
async function sixCommits(dir: string): Promise<string[]> {
  const shas = [await makeRepo(dir, { 'a.txt': 'a1\n', 'old.bin': 'large file\n' })];
  await gitIn(dir, 'rm', '-q', 'old.bin');
  shas.push(await commitFiles(dir, { 'a.txt': 'a2\n' }, 'c2'));
  shas.push(await commitFiles(dir, { 'a.txt': 'a3\n' }, 'c3'));
  shas.push(await commitFiles(dir, { 'a.txt': 'a4\n' }, 'c4'));
  shas.push(await commitFiles(dir, { 'b.txt': 'b\n' }, 'c5'));
  shas.push(await commitFiles(dir, { 'c.txt': 'c\n' }, 'c6'));
  return shas;
}

async function workspaceState(workspace: string) {
  return {
    log: (await gitIn(workspace, 'log', '--all', '--format=%H')).split('\n'),
    shallow: await gitIn(workspace, 'rev-parse', '--is-shallow-repository'),
    refs: await gitIn(workspace, 'for-each-ref'),
    remotes: await gitIn(workspace, 'remote'),
    reflog: await gitIn(workspace, 'reflog'),
    status: await gitIn(workspace, 'status', '--porcelain'),
    fsck: await gitIn(workspace, 'fsck', '--no-progress', '--no-dangling'),
  };
}

/** The state of a clean shallow workspace holding only `log`: no refs, remotes, reflog or fsck findings. */
function cleanShallowState(log: string[]) {
  return { log, shallow: 'true', refs: '', remotes: '', reflog: '', status: '', fsck: '' };
}

describe('a mirror missing a blob deep in its history', () => {
  let shas: string[];
  let mirror: string;
  let missing: string;

  beforeAll(async () => {
    const source = join(root, 'deep-source');
    shas = await sixCommits(source);
    mirror = await ensureMirror('acme/deep', source, join(root, 'deep-cache'));
    missing = await blobAt(mirror, shas[0]!, 'old.bin');
    await deleteLooseObject(mirror, missing);
  });

  it('falls back to a shallow checkout with all the history that is there, and says so', async () => {
    const workspace = join(root, 'deep-full');
    const checkout = await prepareWorkspace(mirror, shas[5]!, workspace);
    expect(checkout).toMatchObject({ history: 'shallow', depth: 5 });
    expect(checkout.history === 'shallow' && checkout.reason).toBe(
      `full history unavailable: unable to read ${missing}`,
    );
    expect(describeCheckout('acme/deep', shas[5]!, checkout)).toMatch(
      new RegExp(
        `^checkout acme/deep@${shas[5]!.slice(0, 12)}: shallow, 5 commits deep \\(full history unavailable: .+\\)$`,
      ),
    );
    expect(await workspaceState(workspace)).toEqual(cleanShallowState(shas.slice(1).reverse()));
    expect(await readFile(join(workspace, 'c.txt'), 'utf8')).toBe('c\n');
    expect(await gitIn(workspace, 'show', `${shas[5]}:a.txt`)).toBe('a4');
  });

  it('checks out the base commit alone with --history shallow', async () => {
    const workspace = join(root, 'deep-shallow');
    const checkout = await prepareWorkspace(mirror, shas[5]!, workspace, { history: 'shallow' });
    expect(checkout).toEqual({ history: 'shallow', depth: 1, reason: '--history shallow' });
    expect(describeCheckout('acme/deep', shas[5]!, checkout)).toBe(
      `checkout acme/deep@${shas[5]!.slice(0, 12)}: shallow, the base commit alone (--history shallow)`,
    );
    expect((await workspaceState(workspace)).log).toEqual([shas[5]]);
  });

  it('keeps only the base commit when its parent holds the missing blob', async () => {
    const workspace = join(root, 'deep-old-ok');
    await expect(prepareWorkspace(mirror, shas[1]!, workspace)).resolves.toMatchObject({
      history: 'shallow',
      depth: 1,
    });
    expect(await gitIn(workspace, 'rev-parse', 'HEAD')).toBe(shas[1]);
  });

  it('names the missing object when the base commit itself lacks it, in both modes', async () => {
    for (const history of ['full', 'shallow'] as const) {
      const workspace = join(root, `deep-broken-${history}`);
      const error = await prepareWorkspace(mirror, shas[0]!, workspace, { history }).catch((e: unknown) => e);
      expect(error).toMatchObject({ name: 'LegoError', code: 'repo_unavailable', retryable: false });
      expect((error as Error).message).toContain(
        `acme/deep@${shas[0]}: the mirror ${mirror} lacks 1 object(s) of the base commit itself: ${missing} (old.bin).`,
      );
    }
  });
});

describe('a blobless partial clone whose promisor remote is gone, as the --repo source', () => {
  let shas: string[];
  let partial: string;

  beforeAll(async () => {
    const origin = join(root, 'partial-origin');
    shas = await sixCommits(origin);
    partial = join(root, 'partial');
    await orphanedPartialClone(origin, partial);
    await gitIn(partial, 'config', 'uploadpack.allowFilter', 'true');
  });

  it.each([
    ['a path', () => partial, 'false'],
    ['a file:// URL', () => `file://${partial}`, 'true'],
  ])(
    'checks out HEAD from %s with the history whose files the clone holds',
    async (_kind, sourceOf, promisor) => {
      const cache = await tempDir();
      const mirror = await ensureMirror('acme/partial', sourceOf(), cache);
      expect((await gitIn(mirror, 'config', '--default', 'false', 'remote.origin.promisor')).trim()).toBe(
        promisor,
      );
      const workspace = join(cache, 'ws');
      const checkout = await prepareWorkspace(mirror, shas[5]!, workspace);
      expect(checkout).toMatchObject({ history: 'shallow', depth: 3 });
      expect(await workspaceState(workspace)).toEqual(cleanShallowState(shas.slice(3).reverse()));
      expect(await readFile(join(workspace, 'a.txt'), 'utf8')).toBe('a4\n');
      const shallow = await prepareWorkspace(mirror, shas[5]!, join(cache, 'ws2'), { history: 'shallow' });
      expect(shallow).toMatchObject({ history: 'shallow', depth: 1 });
      await rm(cache, { recursive: true, force: true });
    },
  );

  it('names the file an older base commit lacks', async () => {
    const cache = await tempDir();
    const mirror = await ensureMirror('acme/partial', `file://${partial}`, cache);
    const error = await prepareWorkspace(mirror, shas[2]!, join(cache, 'ws')).catch((e: unknown) => e);
    const lacking = await blobAt(partial, shas[2]!, 'a.txt');
    expect(error).toMatchObject({ name: 'LegoError', code: 'repo_unavailable' });
    expect((error as Error).message).toContain(
      `lacks 1 object(s) of the base commit itself: ${lacking} (a.txt).`,
    );
    await rm(cache, { recursive: true, force: true });
  });
});

describe('whyFetchFailed', () => {
  it('picks the line naming the missing object over the generic ones, wherever git put it', () => {
    const stderr = [
      'error: git upload-pack: git-pack-objects died with error.',
      'fatal: git upload-pack: aborting due to possible repository corruption on the remote side.',
      'remote: fatal: unable to read 6307677288c9a0309d6f9cceb6cb57f4a44a1c5e        ',
      'remote: aborting due to possible repository corruption on the remote side.\0',
      'fatal: early EOF',
      'fatal: fetch-pack: invalid index-pack output',
    ].join('\n');
    expect(whyFetchFailed({ stderr })).toBe('unable to read 6307677288c9a0309d6f9cceb6cb57f4a44a1c5e');
    expect(whyFetchFailed({ stderr: 'fatal: early EOF\nfatal: the remote end hung up unexpectedly' })).toBe(
      'early EOF',
    );
  });
});
