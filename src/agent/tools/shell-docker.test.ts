import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBaseImage } from '../../env/base-image.js';
import { dockerProvider, type DockerProvider } from '../../sandbox/docker.js';
import { makeTestRepo, removeTestRepo } from '../../sandbox/test-repo.js';
import { ShellSession } from './shell-session.js';
import { dockerForTests } from '../../sandbox/test-docker.js';

const docker = new Docker();
const daemonUp = await dockerForTests('shell-docker.test.ts', undefined, docker);

describe.skipIf(!daemonUp)('the agent shell in a docker sandbox', () => {
  let repo: string;
  let provider: DockerProvider;
  let shell: ShellSession;
  beforeAll(async () => {
    repo = await makeTestRepo();
    provider = dockerProvider({ docker, runId: `shell-test-${process.pid}` });
    const sandbox = await provider.create({ repoDir: repo, image: await ensureBaseImage(docker) });
    shell = await ShellSession.start(sandbox);
  }, 900_000);
  afterAll(async () => {
    await shell?.close();
    await provider?.closeAll();
    await removeTestRepo(repo);
  });

  it('interrupts a command that outlived its limit, whose process the container reaps at once', async () => {
    await shell.run('cd /tmp && export STEP=1', 10);
    expect((await shell.run('sleep 30', 1)).state).toBe('running');
    expect(await shell.interrupt()).toMatchObject({ state: 'done', exitCode: 130, cwd: '/tmp' });
    expect(await shell.run('echo "$STEP $PWD"', 10)).toMatchObject({
      state: 'done',
      exitCode: 0,
      output: '1 /tmp\n',
    });
  });
});
