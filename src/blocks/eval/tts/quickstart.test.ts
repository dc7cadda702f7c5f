import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startScriptedServer, type ScriptedServer } from '../../../llm/scripted-server.js';
import type { EvalReport } from '../../../schema/report.js';
import { callReply, scriptedAgents } from '../../trajgen/scripted-agents.js';
import { sharedCacheDir, trajgenFixture, type TrajgenFixture } from '../../trajgen/test-fixture.js';
import { logprobsVerifier } from '../../verifier/scripted-verifiers.js';
import { ttsExample, type TtsExampleOptions } from './quickstart.js';

let fixture: TrajgenFixture;
let server: ScriptedServer;

beforeAll(async () => {
  fixture = await trajgenFixture();
  const agents = scriptedAgents(fixture.instances, fixture.repos);
  server = await startScriptedServer({
    agents: {
      // Resolves on even seeds (samples 0 and 2); gives up at once on odd ones.
      coin: (turn) =>
        Number(turn.request.seed) % 2 === 0
          ? agents.resolver!(turn)
          : callReply(turn.request, { name: 'finish', args: { message: 'I give up.' } }, turn.turn),
      judge: logprobsVerifier((prompt) => (prompt.includes('(no changes)') ? 0.1 : 0.8)),
    },
  });
});
afterAll(() => server?.close());

const report = (instance_id: string, resolved: boolean): EvalReport => ({
  instance_id,
  model_name_or_path: resolved ? 'gold' : 'empty',
  status: resolved ? 'resolved' : 'unresolved',
  message: '',
  patch_is_None: false,
  patch_exists: resolved,
  patch_successfully_applied: resolved,
  apply_method: null,
  resolved,
  resolution: resolved ? 'FULL' : 'NO',
  duration_ms: 1,
});

async function options(name: string, extra: Partial<TtsExampleOptions> = {}): Promise<TtsExampleOptions> {
  const ids = ['mathkit-1', 'textkit-2'].map((s) => fixture.byId(s).instance_id);
  return {
    instancesPath: await fixture.instancesFile('mathkit-1'),
    repos: fixture.repos,
    cacheDir: sharedCacheDir,
    sandbox: 'local',
    outDir: join(fixture.root, name),
    baselines: {
      instances: ids.map((id) => fixture.instances.find((i) => i.instance_id === id)!),
      gold: ids.map((id) => report(id, true)),
      empty: ids.slice(0, 1).map((id) => report(id, false)),
    },
    progress: 'off',
    ...extra,
  };
}

describe('ttsExample (the quickstart step)', () => {
  it('without an endpoint, reports on the gold and empty baselines and says so', async () => {
    const result = await ttsExample(await options('tts-baselines'));
    expect(result.mode).toBe('baselines');
    expect(result.reason).toBe(
      'no model endpoint is configured (set LEGOFACTORY_BASE_URL and LEGOFACTORY_MODEL), so the TTS metrics ' +
        'were computed on the gold and empty baselines (k = 1, 2; no verifier)',
    );
    const [k1, k2] = result.report.metrics.k;
    expect(result.report.metrics.pass_at_1).toBe(0.75);
    expect(k1).toMatchObject({ instances: 2, pass_at_k: 0.75 });
    expect(k2).toMatchObject({ instances: 1, short_instances: 1, pass_at_k: 1 });
    expect(k2!.best_at_k).toEqual({
      random: { rate: 0.5, instances: 1 },
      majority: { rate: 1, instances: 1 },
      shortest: { rate: 1, instances: 1 },
    });
    expect((await readFile(result.report.files.png)).length).toBeGreaterThan(0);
  });

  it('with an endpoint, rolls out k=4, scores with the verifier and reports TTS@k', async () => {
    const endpoint = { baseUrl: server.url, model: 'coin' };
    const verifier = { baseUrl: server.url, model: 'judge' };
    const result = await ttsExample(await options('tts-model', { endpoint, verifier }));
    expect(result.mode).toBe('model');
    expect(result.reason).toBe(
      `rolled out k=4 with the model coin at ${server.url}, scored with the verifier judge`,
    );
    expect(result.trajgen!.summary).toMatchObject({ trajectories: 4, resolved: 2 });
    expect(result.scores!.summary).toMatchObject({ scored: 4, by_source: { logprobs: 4 } });
    const m = result.report.metrics;
    expect(m.k.map((at) => at.k)).toEqual([1, 2, 4]);
    expect(m.pass_at_1).toBe(0.5);
    expect(m.k[2]).toMatchObject({ pass_at_k: 1, best_at_k: { verifier: { rate: 1, instances: 1 } } });
    expect(m.k[1]!.best_at_k.verifier!.rate).toBeCloseTo(5 / 6, 12);
  });
});
