import { access, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxConformance } from './conformance.case.js';
import { LocalSandbox, localProvider } from './local.js';
import { removeStrayProcesses } from './gc-local.js';
import { markedProcesses, sandboxMarker } from './markers.js';
import { unshareWorks } from './pid-isolation.js';
import type { Sandbox } from './sandbox.js';
import { git, makeTestRepo, removeTestRepo } from './test-repo.js';

async function assertLocalClosed({ sandbox }: { sandbox: Sandbox }) {
  expect(sandbox).toBeInstanceOf(LocalSandbox);
  const local = sandbox as LocalSandbox;
  await expect(access(local.tmpDir)).rejects.toThrow();
  await new Promise((resolve) => setTimeout(resolve, 100));
  expect([...(await markedProcesses(sandboxMarker, local.marker)).keys()]).toEqual([]);
}

const namespacesWork = await unshareWorks();

sandboxConformance({
  name: 'local (bubblewrap)',
  provider: () => localProvider({ bubblewrap: 'auto' }),
  owner: { provider: 'local', options: { bubblewrap: 'auto' } },
  spec: (base) => base,
  isolatesNetwork: true,
  isolatesPids: true,
  assertClosed: assertLocalClosed,
});

sandboxConformance({
  name: 'local (no bubblewrap)',
  provider: () => localProvider({ bubblewrap: 'off' }),
  owner: { provider: 'local', options: { bubblewrap: 'off' } },
  spec: (base) => base,
  isolatesNetwork: false,
  isolatesPids: namespacesWork,
  assertClosed: assertLocalClosed,
});

sandboxConformance({
  name: 'local (no bubblewrap, no namespaces: marker tracking)',
  provider: () => localProvider({ bubblewrap: 'off', namespaces: 'off' }),
  owner: { provider: 'local', options: { bubblewrap: 'off', namespaces: 'off' } },
  reapOrphans: async () => void (await removeStrayProcesses()),
  spec: (base) => base,
  isolatesNetwork: false,
  isolatesPids: false,
  assertClosed: assertLocalClosed,
});

describe('local sandbox under bubblewrap', () => {
  let repo: string;
  let sandbox: Sandbox;
  beforeAll(async () => {
    repo = await makeTestRepo();
    const envDir = join(repo, '..', 'env');
    await mkdir(join(envDir, 'bin'), { recursive: true });
    await writeFile(join(envDir, 'bin', 'lf-tool'), '#!/bin/sh\necho tool ran\n', { mode: 0o755 });
    sandbox = await localProvider().create({ repoDir: repo, envDir });
  });
  afterAll(async () => {
    await sandbox.close();
    await removeTestRepo(repo);
  });

  it('puts the env dir bin on PATH, lets tools write caches there, and keeps the host read-only', async () => {
    expect((await sandbox.exec('lf-tool')).output).toBe('tool ran\n');
    expect((await sandbox.exec(`touch ${join(repo, '..', 'env', 'cache')}`)).exitCode).toBe(0);
    const result = await sandbox.exec('touch /usr/lf-x');
    expect(result.exitCode).toBe(1);
    expect(result.output).toContain('Read-only file system');
  });

  it('gives each sandbox a private /tmp, which writeFile and readFile map too', async () => {
    await sandbox.writeFile('/tmp/lf-private.txt', 'mine\n');
    expect((await sandbox.exec('cat /tmp/lf-private.txt')).output).toBe('mine\n');
    await expect(access('/tmp/lf-private.txt')).rejects.toThrow();
    await sandbox.exec('echo made > /tmp/made.txt');
    expect(Buffer.from(await sandbox.readFile('/tmp/made.txt')).toString()).toBe('made\n');
  });

  it('refuses writeFile outside the workdir and /tmp, symlinks included', async () => {
    await expect(sandbox.writeFile('/etc/lf-nope', 'x')).rejects.toMatchObject({ code: 'bad_input' });
    await sandbox.exec('ln -s /etc escape');
    await expect(sandbox.writeFile('escape/lf-nope', 'x')).rejects.toMatchObject({ code: 'bad_input' });
  });

  it('works in a git worktree checkout, whose git dir lies outside the workdir', async () => {
    const worktree = join(repo, '..', 'worktree');
    await git(repo, 'worktree', 'add', '-q', worktree);
    const inWorktree = await localProvider().create({ repoDir: worktree });
    await inWorktree.writeFile('added.txt', 'added\n');
    expect(await inWorktree.diff()).toContain('+++ b/added.txt');
    await inWorktree.close();
  });
});
