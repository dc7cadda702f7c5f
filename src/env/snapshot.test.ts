import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { gitConfigEnv } from '../repos/git-config-env.js';
import { ensureMirror } from '../repos/mirror.js';
import { tempDir } from '../repos/test-repo.js';
import { submoduleFixture } from '../repos/testing/submodule-repos.js';
import { prepareWorkspace } from '../repos/workspace.js';
import { snapshotTar } from './snapshot.js';

let root: string;
let mirror: string;
let appCommit: string;

beforeAll(async () => {
  root = await tempDir();
  const fixture = await submoduleFixture(root, (lib) => pathToFileURL(lib).href);
  appCommit = fixture.appCommit;
  mirror = await ensureMirror('acme/app', fixture.app, join(root, 'cache'));
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await rm(root, { recursive: true, force: true });
});

/** The paths in the tar as GNU tar reads it: it stops at the first end-of-archive marker. */
async function listed(tar: Buffer): Promise<string[]> {
  const { stdout } = await execa('tar', ['-t'], { input: tar });
  return stdout.split('\n').filter((path) => !path.endsWith('/'));
}

describe('snapshotTar', () => {
  it('holds the tracked files only when a submodule was not fetched', async () => {
    await prepareWorkspace(mirror, appCommit, join(root, 'bare-ws'));
    expect(await listed(await snapshotTar(join(root, 'bare-ws'), 'lf-src/'))).toEqual([
      'lf-src/.gitmodules',
      'lf-src/test_data.py',
    ]);
  });

  it("holds each fetched submodule's files at its recorded commit under its path", async () => {
    for (const [name, value] of Object.entries(gitConfigEnv([['protocol.file.allow', 'always']])))
      vi.stubEnv(name, value);
    await prepareWorkspace(mirror, appCommit, join(root, 'ws'));
    expect(await listed(await snapshotTar(join(root, 'ws'), 'lf-src/'))).toEqual([
      'lf-src/.gitmodules',
      'lf-src/test_data.py',
      'lf-src/tests/data/.gitmodules',
      'lf-src/tests/data/cases/one.toml',
    ]);
  });
});
