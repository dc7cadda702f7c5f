import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startScriptedServer, type ScriptedServer } from '../../llm/scripted-server.js';
import { runTrajgen } from './run-trajgen.js';
import { scriptedAgents } from './scripted-agents.js';
import { trajgenFixture, type TrajgenFixture } from './test-fixture.js';

let fixture: TrajgenFixture;
let serverA: ScriptedServer;
let serverB: ScriptedServer;
beforeAll(async () => {
  fixture = await trajgenFixture();
  const agents = scriptedAgents(fixture.instances, fixture.repos);
  [serverA, serverB] = await Promise.all([startScriptedServer({ agents }), startScriptedServer({ agents })]);
});
afterAll(async () => {
  await serverA?.close();
  await serverB?.close();
});

describe('the model endpoint in the config', () => {
  it('a run against another server is not done: refused by name, then recomputed with --redo', async () => {
    const outDir = join(fixture.root, 'endpoint');
    const instancesPath = await fixture.instancesFile('mathkit-1');
    const against = (server: ScriptedServer, redo = false) =>
      fixture
        .options({ outDir, instancesPath, baseUrl: `${server.url}/`, model: 'resolver', redo })
        .then(runTrajgen);
    const first = await against(serverA);
    expect(first.trajectories.map((t) => [t.endpoint, t.resolved])).toEqual([[serverA.url, true]]);
    await expect(against(serverB)).rejects.toMatchObject({
      code: 'config_changed',
      message: expect.stringContaining(`endpoint: "${serverA.url}" → "${serverB.url}"`),
    });
    expect(serverB.requests).toBe(0);
    const second = await against(serverB, true);
    expect(second.run).toMatchObject({ done: 1, skipped: 0 });
    expect(second.trajectories.map((t) => t.endpoint)).toEqual([serverB.url]);
    expect(serverB.requests).toBeGreaterThan(0);
  });
});
