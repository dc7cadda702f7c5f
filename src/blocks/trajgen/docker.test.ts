import { join } from 'node:path';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startScriptedServer, type ScriptedServer } from '../../llm/scripted-server.js';
import { dockerForTests } from '../../sandbox/test-docker.js';
import { runTrajgen } from './run-trajgen.js';
import { callReply, scriptedAgents } from './scripted-agents.js';
import { trajgenFixture, type TrajgenFixture } from './test-fixture.js';

const docker = new Docker();
const daemonUp = await dockerForTests('trajgen/docker.test.ts', undefined, docker);

/** Removes the run's containers, as if the sandbox died. */
async function killContainers(runId: string): Promise<void> {
  const containers = await docker.listContainers({ filters: { label: [`legofactory.run=${runId}`] } });
  await Promise.all(containers.map((c) => docker.getContainer(c.Id).remove({ force: true })));
}

let fixture: TrajgenFixture;
let server: ScriptedServer;
beforeAll(async () => {
  fixture = await trajgenFixture();
  server = await startScriptedServer({
    agents: {
      ...scriptedAgents(fixture.instances, fixture.repos),
      killer: async ({ request, turn }) => {
        if (turn === 1) await killContainers('trajgen-killed');
        const command = turn === 0 ? 'echo alive' : 'ls';
        return callReply(request, { name: 'execute_bash', args: { command } }, turn);
      },
    },
  });
});
afterAll(() => server?.close());

describe.skipIf(!daemonUp)('trajgen in docker', () => {
  it('a resolving agent works in the container: persistent shell, editor, judged resolved', async () => {
    const options = await fixture.options({
      outDir: join(fixture.root, 'docker-resolver'),
      instancesPath: await fixture.instancesFile('mathkit-1'),
      baseUrl: server.url,
      model: 'resolver',
      sandbox: 'docker',
    });
    const { trajectories, run } = await runTrajgen(options);
    expect(run.failures).toEqual([]);
    const [t] = trajectories;
    expect([t!.status, t!.resolved, t!.dropped_files]).toEqual(['finished', true, ['reproduce_issue.py']]);
    expect(t!.messages[3]!.content).toContain('[Current working directory: /testbed]');
  });

  it('a container that dies mid-run ends the trajectory with sandbox_error and keeps the steps so far', async () => {
    const options = await fixture.options({
      outDir: join(fixture.root, 'killed'),
      instancesPath: await fixture.instancesFile('mathkit-1'),
      baseUrl: server.url,
      model: 'killer',
      sandbox: 'docker',
    });
    const { trajectories, run } = await runTrajgen(options);
    expect(run.failures).toEqual([]);
    const [t] = trajectories;
    expect([t!.status, t!.failure?.kind, t!.judgement, t!.steps.length]).toEqual([
      'sandbox_error',
      'sandbox',
      null,
      2,
    ]);
    expect(t!.steps[0]!.exit_code).toBe(0);
    expect(t!.steps[1]!.error_detail).toBeTruthy();
  });
});
