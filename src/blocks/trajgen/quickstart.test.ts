import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startScriptedServer, type ScriptedServer } from '../../llm/scripted-server.js';
import { endpointFromEnv, rolloutExamples } from './quickstart.js';
import { scriptedAgents } from './scripted-agents.js';
import { sharedCacheDir, trajgenFixture, type TrajgenFixture } from './test-fixture.js';

let fixture: TrajgenFixture;
let server: ScriptedServer;
beforeAll(async () => {
  fixture = await trajgenFixture();
  server = await startScriptedServer({ agents: scriptedAgents(fixture.instances, fixture.repos) });
});
afterAll(() => server?.close());

describe('rolloutExamples (the quickstart step)', () => {
  it('uses the configured endpoint, and says so', async () => {
    const endpoint = endpointFromEnv({ LEGOFACTORY_BASE_URL: server.url, LEGOFACTORY_MODEL: 'resolver' });
    const { policy, reason, result } = await rolloutExamples({
      instancesPath: await fixture.instancesFile('mathkit-3'),
      repos: fixture.repos,
      outDir: join(fixture.root, 'qs-model'),
      cacheDir: sharedCacheDir,
      sandbox: 'local',
      progress: 'off',
      ...(endpoint ? { endpoint } : {}),
    });
    expect([policy, reason]).toEqual(['model', `rolled out with the model resolver at ${server.url}`]);
    expect(result.summary).toMatchObject({ trajectories: 1, resolved: 1 });
  });

  it('falls back to the gold policy without an endpoint, and says so', async () => {
    expect(endpointFromEnv({ LEGOFACTORY_MODEL: 'x' })).toBeUndefined();
    const { policy, reason, result } = await rolloutExamples({
      instancesPath: await fixture.instancesFile('textkit-2'),
      repos: fixture.repos,
      outDir: join(fixture.root, 'qs-gold'),
      cacheDir: sharedCacheDir,
      sandbox: 'local',
      progress: 'off',
    });
    expect(policy).toBe('gold');
    expect(reason).toMatch(/^no model endpoint is configured .* --policy gold$/);
    expect(result.trajectories[0]).toMatchObject({ policy: 'gold', resolved: true });
  });
});
