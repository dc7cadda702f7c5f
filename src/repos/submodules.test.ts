import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { gitConfigEnv } from './git-config-env.js';
import { resolveSubmoduleUrl } from './gitmodules.js';
import { describeCheckout } from './history.js';
import { ensureMirror } from './mirror.js';
import { gitIn, tempDir } from './test-repo.js';
import { submoduleFixture } from './testing/submodule-repos.js';
import { prepareWorkspace } from './workspace.js';

const roots: string[] = [];
const allowFile: [string, string] = ['protocol.file.allow', 'always'];

afterEach(() => void vi.unstubAllEnvs());
afterAll(() => Promise.all(roots.map((root) => rm(root, { recursive: true, force: true }))));

function stubGitConfig(entries: [string, string][]): void {
  for (const [name, value] of Object.entries(gitConfigEnv(entries))) vi.stubEnv(name, value);
}

/** The fixture with its superproject mirrored, as blocks mirror repositories. */
async function mirrored(url: (libPath: string) => string) {
  const root = await tempDir();
  roots.push(root);
  const fixture = await submoduleFixture(root, url);
  return { ...fixture, root, mirror: await ensureMirror('acme/app', fixture.app, join(root, 'cache')) };
}

/** A fresh checkout of the fixture's superproject commit from its mirror. */
async function checkOutIn(fixture: Awaited<ReturnType<typeof mirrored>>, name = 'ws') {
  const workspace = join(fixture.root, name);
  const checkout = await prepareWorkspace(fixture.mirror, fixture.appCommit, workspace);
  return { ...fixture, workspace, checkout, log: describeCheckout('acme/app', fixture.appCommit, checkout) };
}

const checkOut = async (url: (libPath: string) => string) => checkOutIn(await mirrored(url));

describe('submodules in a checkout', () => {
  it('puts the recorded commit of a submodule (not its latest) at its path, with nothing after it', async () => {
    stubGitConfig([allowFile]);
    const { workspace, checkout, log, recorded, latest, lib, appCommit } = await checkOut(
      (lib) => pathToFileURL(lib).href,
    );
    const data = join(workspace, 'tests/data');
    expect(await readFile(join(data, 'cases/one.toml'), 'utf8')).toBe('a = 1\n');
    expect((await readdir(join(data, 'cases'))).sort()).toEqual(['one.toml']);
    expect(latest).not.toBe(recorded);
    expect(await gitIn(data, 'rev-list', '--all')).toBe(recorded);
    expect(await gitIn(data, 'for-each-ref')).toBe('');
    expect(await readFile(join(data, '.git'), 'utf8')).toBe('gitdir: ../../.git/modules/tests/data\n');
    expect(await gitIn(workspace, 'submodule', 'status')).toBe(
      ` ${recorded} tests/data (${recorded.slice(0, 7)})`,
    );
    expect(await gitIn(workspace, 'status', '--porcelain')).toBe('');
    const url = pathToFileURL(lib).href;
    expect(checkout).toEqual({
      history: 'full',
      submodules: [{ path: 'tests/data', commit: recorded, url, nested: ['vendor/inner'] }],
    });
    expect(log).toBe(
      `checkout acme/app@${appCommit.slice(0, 12)}: full history\n` +
        `submodule tests/data@${recorded.slice(0, 12)}: fetched from ${url}; ` +
        'its own submodules (vendor/inner) are not fetched',
    );
  });

  it("fetches through git's url.<base>.insteadOf, so a mirror can stand in for the submodule's host", async () => {
    const fixture = await mirrored(() => 'https://example.invalid/acme/lib.git');
    const without = await checkOutIn(fixture, 'plain');
    expect(without.checkout.submodules?.[0]?.error).toMatch(/^unable to access .*example\.invalid/);
    expect(await readdir(join(without.workspace, 'tests/data'))).toEqual([]);

    stubGitConfig([allowFile, [`url.${fixture.lib}.insteadOf`, 'https://example.invalid/acme/lib.git']]);
    const again = await checkOutIn(fixture, 'rewritten');
    expect(await readFile(join(again.workspace, 'tests/data/cases/one.toml'), 'utf8')).toBe('a = 1\n');
    expect(again.checkout.submodules).toEqual([
      {
        path: 'tests/data',
        commit: again.recorded,
        url: 'https://example.invalid/acme/lib.git',
        rewrittenTo: again.lib,
        nested: ['vendor/inner'],
      },
    ]);
  });

  it('leaves an unreachable submodule empty, checks out the rest, and the log says which and why', async () => {
    stubGitConfig([allowFile]);
    const { workspace, checkout, log, recorded, appCommit, lib } = await checkOut((lib) => `${lib}-gone`);
    expect(await readFile(join(workspace, 'test_data.py'), 'utf8')).toContain('tests/data');
    expect(await readdir(join(workspace, 'tests/data'))).toEqual([]);
    expect(await gitIn(workspace, 'rev-parse', 'HEAD')).toBe(appCommit);
    const error = `'${lib}-gone' does not appear to be a git repository`;
    expect(checkout.submodules).toEqual([
      { path: 'tests/data', commit: recorded, url: `${lib}-gone`, error },
    ]);
    expect(log.split('\n')[1]).toBe(
      `submodule tests/data@${recorded.slice(0, 12)}: NOT fetched from ${lib}-gone: ${error}; ` +
        'its directory is empty, tests that read it may fail',
    );
  });

  it("resolves a relative URL against the repository's own, as git does", async () => {
    stubGitConfig([allowFile]);
    const { checkout, recorded, lib } = await checkOut(() => '../lib');
    expect(checkout.submodules).toEqual([
      { path: 'tests/data', commit: recorded, url: lib, nested: ['vendor/inner'] },
    ]);
  });

  it('refuses a local submodule URL unless protocol.file.allow says always, as git submodule does', async () => {
    const { checkout, workspace } = await checkOut((lib) => lib);
    expect(checkout.submodules?.[0]?.error).toBe("transport 'file' not allowed");
    expect(await readdir(join(workspace, 'tests/data'))).toEqual([]);
  });
});

describe('resolveSubmoduleUrl', () => {
  it.each([
    ['https://host/a/b.git', undefined, 'https://host/a/b.git'],
    ['../lib.git', 'https://github.com/acme/app.git', 'https://github.com/acme/lib.git'],
    ['./lib', 'https://github.com/acme/app/', 'https://github.com/acme/app/lib'],
    ['../../other/lib.git', 'git@github.com:acme/app.git', 'git@github.com:other/lib.git'],
    ['../lib.git', undefined, undefined],
  ])('%s against %s is %s', (url, superUrl, resolved) => {
    expect(resolveSubmoduleUrl(url, superUrl)).toBe(resolved);
  });
});
