import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import Docker from 'dockerode';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBaseImage } from '../env/base-image.js';
import { removeOrphans } from './gc.js';
import { dockerForTests } from './test-docker.js';

const docker = new Docker();
const daemonUp = await dockerForTests('gc.test.ts', undefined, docker);

async function deadPid(): Promise<number> {
  const child = execa('true');
  await child;
  return child.pid!;
}

describe.skipIf(!daemonUp)('removeOrphans', () => {
  let image: string;
  beforeAll(async () => {
    image = await ensureBaseImage(docker);
  });

  async function labelled(run: string, pid: number, host = hostname()): Promise<string> {
    const labels = {
      legofactory: '1',
      'legofactory.run': run,
      'legofactory.pid': String(pid),
      'legofactory.host': host,
    };
    const container = await docker.createContainer({
      Image: image,
      Cmd: ['sleep', 'infinity'],
      Labels: labels,
    });
    return container.id;
  }

  it('removes containers whose owning process is dead on this host and keeps the rest', async () => {
    const run = `gc-test-${randomUUID()}`;
    const orphan = await labelled(run, await deadPid());
    const live = await labelled(run, process.pid);
    const elsewhere = await labelled(run, await deadPid(), 'another-host');
    const removed = await removeOrphans(docker, { run });
    expect(removed.map((container) => container.id)).toEqual([orphan]);
    expect(removed[0]).toMatchObject({ run });
    const left = await docker.listContainers({ all: true, filters: { label: [`legofactory.run=${run}`] } });
    expect(left.map((container) => container.Id).sort()).toEqual([live, elsewhere].sort());

    const all = await removeOrphans(docker, { run, all: true });
    expect(all.map((container) => container.id).sort()).toEqual([live, elsewhere].sort());
  });
});
