import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { patchWith, sketchTrajectory, toJsonl } from '../blocks/eval/tts/test-trajectories.js';
import { logprobsVerifier } from '../blocks/verifier/scripted-verifiers.js';
import { startScriptedServer, type ScriptedServer } from '../llm/scripted-server.js';
import { runCli } from './test-cli.js';

let dir: string;
let server: ScriptedServer;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lf-cli-tts-'));
  const trajectories = [0, 1, 2, 3].flatMap((sample) => [
    sketchTrajectory({
      instance_id: 'a-1',
      sample,
      patch: patchWith(sample < 2 ? 'fix' : 'no'),
      resolved: sample < 2,
    }),
    sketchTrajectory({ instance_id: 'a-2', sample, patch: patchWith(`x${sample}`), resolved: sample === 3 }),
  ]);
  await writeFile(join(dir, 'trajectories.jsonl'), toJsonl(trajectories));
  server = await startScriptedServer({
    agents: { judge: logprobsVerifier((prompt) => (/\+(fix|x3)\b/.test(prompt) ? 0.9 : 0.2)) },
  });
});
afterAll(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('legofactory verifier score and eval tts', () => {
  it('scores with the verifier, then reports pass@k and TTS@k from the scores', async () => {
    const scores = join(dir, 'scores.jsonl');
    const printed = await runCli(
      ...['verifier', 'score', '--trajectories', join(dir, 'trajectories.jsonl')],
      ...['--base-url', server.url, '--model', 'judge', '--out', scores, '--json'],
    );
    expect(JSON.parse(printed)).toMatchObject({ trajectories: 8, scored: 8, by_source: { logprobs: 8 } });

    const out = join(dir, 'tts');
    const report = await runCli(
      ...['eval', 'tts', '--trajectories', join(dir, 'trajectories.jsonl')],
      ...['--scores', scores, '--k', '1,2,4', '--out', out],
    );
    const table = report.split('\n').slice(0, 5);
    expect(table[0]!.split(/\s+/)).toEqual([
      'k',
      'instances',
      'pass@k',
      'TTS@k',
      'random',
      'majority',
      'shortest',
    ]);
    expect(table[4]!.split(/\s+/)).toEqual(['4', '2', '100.0%', '100.0%', '37.5%', '37.5%', '12.5%']);
    expect(report).toContain('bad input: 0 malformed lines, 0 duplicated samples');
    const metrics = JSON.parse(await readFile(join(out, 'metrics.json'), 'utf8'));
    expect(metrics.k.map((at: { k: number }) => at.k)).toEqual([1, 2, 4]);
    expect((await readFile(join(out, 'curve.png'))).length).toBeGreaterThan(0);

    const said = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const again = await runCli(
        ...['eval', 'tts', '--trajectories', join(dir, 'trajectories.jsonl')],
        ...['--scores', scores, '--k', '1,2,4', '--out', out],
      );
      expect(again).toBe(report);
      expect(said.mock.calls).toEqual([
        [
          `eval tts: nothing to do, ${out} was reported from these files with these options (--redo reports again)`,
        ],
      ]);
    } finally {
      said.mockRestore();
    }
  });

  it('takes --verifier-format swe-lego with its prompt, rule and prefill options, and names the formats', async () => {
    const scores = join(dir, 'swe-lego.jsonl');
    const system = join(dir, 'system.md');
    await writeFile(system, 'Judge strictly.\n');
    await runCli(
      ...['verifier', 'score', '--trajectories', join(dir, 'trajectories.jsonl')],
      ...['--base-url', server.url, '--model', 'judge', '--out', scores, '--json'],
      ...['--verifier-format', 'swe-lego', '--system-prompt', system, '--score-rule', 'sum', '--no-prefill'],
    );
    const lines = (await readFile(scores, 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { prefilled: boolean; score: number; trajectory_id: string });
    expect(lines.map((l) => [l.trajectory_id, l.prefilled, l.score])).toEqual(
      ['a-1#0', 'a-2#0', 'a-1#1', 'a-2#1', 'a-1#2', 'a-2#2', 'a-1#3', 'a-2#3'].map((id) => [
        id,
        false,
        expect.closeTo(id === 'a-1#0' || id === 'a-1#1' || id === 'a-2#3' ? 0.9 : 0.2, 12),
      ]),
    );
    await expect(
      runCli(
        'verifier',
        'score',
        '--trajectories',
        'x',
        '--base-url',
        'u',
        '--model',
        'm',
        '--out',
        'o',
        '--verifier-format',
        'r2e',
      ),
    ).rejects.toThrow(/Allowed choices are legofactory, swe-lego/);
  });

  it('keeps eval itself as it was: its required options are still required', async () => {
    await expect(runCli('eval', '--predictions', 'gold')).rejects.toThrow(
      "error: required option '--instances <file>' not specified",
    );
    await expect(runCli('eval', 'tts', '--out', join(dir, 'x'))).rejects.toThrow(
      "error: required option '--trajectories <file>' not specified",
    );
    await expect(
      runCli('eval', 'tts', '--trajectories', 'x.jsonl', '--k', '0,2', '--out', 'y'),
    ).rejects.toThrow(/--k takes positive whole numbers/);
  });
});
