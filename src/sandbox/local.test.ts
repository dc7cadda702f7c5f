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

describe('the environment of a local sandbox', () => {
  it.each(['auto', 'off'] as const)(
    'is exactly the allow-list (bubblewrap %s): env bins on PATH, a private HOME, C.UTF-8, spec env, markers',
    async (bubblewrap) => {
      const repo = await makeTestRepo();
      const envDir = join(repo, '..', 'env');
      await mkdir(join(envDir, 'bin'), { recursive: true });
      const hostEnv = {
        PATH: '/usr/bin:/bin',
        TERM: 'dumb',
        OPENAI_API_KEY: 'sk-host',
        HTTPS_PROXY: 'http://p',
      };
      const sandbox = (await localProvider({ bubblewrap, hostEnv }).create({
        repoDir: repo,
        envDir,
        env: { LF_SPEC: 'yes' },
      })) as LocalSandbox;
      try {
        const dump = (await sandbox.exec('env -0', { env: { LF_CALL: 'too' } })).output;
        const env = Object.fromEntries(
          dump
            .split('\0')
            .filter(Boolean)
            .map((e) => e.split(/=(.*)/s).slice(0, 2)),
        );
        for (const shellOwn of ['PWD', 'SHLVL', '_']) delete env[shellOwn];
        const tmp = bubblewrap === 'auto' ? '/tmp' : sandbox.tmpDir;
        expect(env).toEqual({
          PATH: `${join(envDir, 'bin')}:/usr/bin:/bin`,
          HOME: `${tmp}/home`,
          TMPDIR: tmp,
          LANG: 'C.UTF-8',
          LC_ALL: 'C.UTF-8',
          TERM: 'dumb',
          LEGOFACTORY_SANDBOX: sandbox.marker,
          LEGOFACTORY_EXEC: expect.stringMatching(/^[0-9a-f-]{36}$/),
          LF_SPEC: 'yes',
          LF_CALL: 'too',
        });
        expect((await sandbox.exec('touch "$HOME/.cache-file" && echo ok')).output).toBe('ok\n');
      } finally {
        await sandbox.close();
        await removeTestRepo(repo);
      }
    },
  );
});
