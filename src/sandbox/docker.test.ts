import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { access, readFile, rm, symlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBaseImage } from '../env/base-image.js';
import { sandboxConformance } from './conformance.case.js';
import type { DockerSandbox } from './docker.js';
import { dockerProvider, type DockerProvider } from './docker.js';
import { removeOrphans } from './gc.js';
import { makeTestRepo, removeTestRepo } from './test-repo.js';
import { dockerForTests } from './test-docker.js';

const docker = new Docker();
const daemonUp = await dockerForTests('docker.test.ts', undefined, docker);

let image = '';
const ownerScript = fileURLToPath(new URL('conformance-owner.case.ts', import.meta.url));
/** The run id of the stand-in CLIs the conformance suite kills; `gc` removes their containers. */
const ownerRun = `docker-owner-${randomUUID()}`;
async function containersLabelled(label: string): Promise<Docker.ContainerInfo[]> {
  return docker.listContainers({ all: true, filters: { label: [label] } });
}

describe.skipIf(!daemonUp)('docker provider', () => {
  beforeAll(async () => {
    image = await ensureBaseImage(docker);
  });
  sandboxConformance({
    name: 'docker',
    provider: () => dockerProvider({ docker, runId: 'conformance' }),
    owner: { provider: 'docker', options: { runId: ownerRun } },
    reapOrphans: async () => void (await removeOrphans(docker, { run: ownerRun })),
    spec: (base) => ({ ...base, image }),
    isolatesNetwork: true,
    isolatesPids: true,
    async assertClosed({ spec }) {
      expect(await containersLabelled(`legofactory.test=${spec.labels!['legofactory.test']}`)).toEqual([]);
    },
  });

  describe('containers', () => {
    let repo: string;
    let provider: DockerProvider;
    const runId = `docker-test-${randomUUID()}`;
    beforeAll(async () => {
      repo = await makeTestRepo();
      provider = dockerProvider({ docker, runId });
    });
    afterAll(async () => {
      await provider.closeAll();
      await removeTestRepo(repo);
    });

    it('runs one container with the repo at /testbed, init, no network, default limits and labels', async () => {
      const sandbox = await provider.create({
        repoDir: repo,
        image,
        labels: { 'legofactory.instance': 'i-1' },
      });
      const info = await docker.getContainer((sandbox as DockerSandbox).id).inspect();
      expect(info.Config.Cmd).toEqual(['sleep', 'infinity']);
      expect(info.Config.WorkingDir).toBe('/testbed');
      expect(info.Config.Labels).toMatchObject({
        legofactory: '1',
        'legofactory.run': runId,
        'legofactory.pid': String(process.pid),
        'legofactory.host': hostname(),
        'legofactory.instance': 'i-1',
      });
      expect(info.HostConfig).toMatchObject({
        Binds: [`${repo}:/testbed`],
        Init: true,
        NetworkMode: 'none',
        Memory: 4096 * 1024 * 1024,
        PidsLimit: 1024,
        NanoCpus: 2_000_000_000,
      });
    });

    it('applies given limits, and the pids limit holds', async () => {
      const sandbox = await provider.create({
        repoDir: repo,
        image,
        limits: { memoryMb: 256, pids: 32, cpus: 0.5 },
      });
      const info = await docker.getContainer((sandbox as DockerSandbox).id).inspect();
      expect(info.HostConfig).toMatchObject({
        Memory: 256 * 1024 * 1024,
        PidsLimit: 32,
        NanoCpus: 500_000_000,
      });
      const forks = await sandbox.exec('for i in $(seq 60); do sleep 1 & done; wait', { timeoutMs: 20_000 });
      expect(forks.output).toContain('Resource temporarily unavailable');
    });

    it('closeAll removes every container the provider still has open', async () => {
      await provider.create({ repoDir: repo, image });
      expect((await containersLabelled(`legofactory.run=${runId}`)).length).toBe(3);
      await provider.closeAll();
      expect(await containersLabelled(`legofactory.run=${runId}`)).toEqual([]);
    });

    it('names a missing image and needs one at all', async () => {
      const missing = provider.create({ repoDir: repo, image: 'legofactory/no-such-image:0' });
      await expect(missing).rejects.toMatchObject({
        code: 'sandbox_failed',
        message: /not available locally/,
      });
      await expect(provider.create({ repoDir: repo })).rejects.toMatchObject({ code: 'bad_input' });
    });

    it('writes through the mount on the host, but never through a symlink that leaves the checkout', async () => {
      const name = `lf-escape-${randomUUID()}.txt`;
      await symlink('/opt', join(repo, 'escape'));
      const sandbox = await provider.create({ repoDir: repo, image });
      try {
        await sandbox.writeFile('.git/lf-new/direct.txt', 'host side\n');
        expect(await readFile(join(repo, '.git/lf-new/direct.txt'), 'utf8')).toBe('host side\n');
        expect((await sandbox.exec('cat .git/lf-new/direct.txt')).output).toBe('host side\n');
        await sandbox.writeFile(`escape/${name}`, 'container side\n');
        await expect(access(join('/opt', name))).rejects.toThrow();
        expect((await sandbox.exec(`cat /opt/${name}`)).output).toBe('container side\n');
        expect(Buffer.from(await sandbox.readFile(`escape/${name}`)).toString()).toBe('container side\n');
      } finally {
        await sandbox.close();
        await rm(join(repo, 'escape'));
      }
    });
  });
});

describe.skipIf(!daemonUp)('docker exec when legofactory dies', () => {
  beforeAll(async () => {
    image = await ensureBaseImage(docker);
  });

  it("kills the exec's processes, setsid ones too, and leaves only the idle container for gc", async () => {
    const repo = await makeTestRepo();
    const run = `docker-owner-${randomUUID()}`;
    const args = [
      ownerScript,
      'docker',
      JSON.stringify({ runId: run }),
      JSON.stringify({ repoDir: repo, image }),
    ];
    const owner = spawn(process.execPath, ['--import', 'tsx', ...args], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const exited = new Promise((resolve) => owner.once('exit', resolve));
    const pause = () => new Promise((resolve) => setTimeout(resolve, 100));
    try {
      const started = () =>
        access(join(repo, 'owner-started')).then(
          () => true,
          () => false,
        );
      for (let tries = 0; tries < 600 && !(await started()); tries += 1) await pause();
      const [info] = await containersLabelled(`legofactory.run=${run}`);
      const container = docker.getContainer(info!.Id);
      const top = async () =>
        ((await container.top({ ps_args: '-eo pid,args' })).Processes ?? []).map((row: string[]) => row[1]!);
      expect(
        (await top()).filter((args: string) => args.includes('sleep 600')).length,
      ).toBeGreaterThanOrEqual(2);
      owner.kill('SIGKILL');
      await exited;
      for (let tries = 0; tries < 50 && (await top()).length > 2; tries += 1) await pause();
      expect(await top()).toEqual(['/sbin/docker-init -- sleep infinity', 'sleep infinity']);
    } finally {
      await removeOrphans(docker, { run });
      await removeTestRepo(repo);
    }
  });
});

describe('docker provider without a daemon', () => {
  it('fails with sandbox_unavailable and says how to start one or use the local sandbox', async () => {
    const nowhere = new Docker({ socketPath: '/nonexistent/docker.sock' });
    const creating = dockerProvider({ docker: nowhere }).create({ repoDir: '/tmp', image: 'any' });
    await expect(creating).rejects.toMatchObject({ code: 'sandbox_unavailable' });
    await expect(creating).rejects.toThrow(
      /sudo dockerd.*systemctl start docker.*DOCKER_HOST.*--sandbox local/s,
    );
  });
});
