import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startScriptedServer, type ScriptedServer } from '../../llm/scripted-server.js';
import { patchWith, sketchTrajectory, toJsonl } from '../eval/tts/test-trajectories.js';
import { runVerifierScore } from './run-verifier.js';
import { logprobsVerifier } from './scripted-verifiers.js';

let dir: string;
let serverA: ScriptedServer;
let serverB: ScriptedServer;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lf-verifier-endpoint-'));
  const trajectory = sketchTrajectory({
    instance_id: 'acme__calc-1',
    sample: 0,
    patch: patchWith('x'),
    resolved: true,
  });
  await writeFile(join(dir, 'trajectories.jsonl'), toJsonl([trajectory]));
  const agents = { judge: logprobsVerifier(() => 0.7) };
  [serverA, serverB] = await Promise.all([startScriptedServer({ agents }), startScriptedServer({ agents })]);
});
afterAll(async () => {
  await serverA?.close();
  await serverB?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('verifier score against another endpoint', () => {
  it('is not done: refused naming the endpoint, and rescored with redo', async () => {
    const score = (server: ScriptedServer, redo = false) =>
      runVerifierScore({
        trajectoriesPath: join(dir, 'trajectories.jsonl'),
        outPath: join(dir, 'scores.jsonl'),
        baseUrl: server.url,
        model: 'judge',
        progress: 'off',
        redo,
      });
    const first = await score(serverA);
    expect(first.run).toMatchObject({ done: 1, skipped: 0 });
    await expect(score(serverB)).rejects.toMatchObject({
      code: 'config_changed',
      message: expect.stringContaining(`endpoint: "${serverA.url}" → "${serverB.url}"`),
    });
    expect(serverB.requests).toBe(0);
    expect((await score(serverB, true)).run).toMatchObject({ done: 1, skipped: 0 });
    expect(serverB.requests).toBe(1);
  });
});
