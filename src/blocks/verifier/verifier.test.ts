import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startScriptedServer, type ScriptedRequest, type ScriptedServer } from '../../llm/scripted-server.js';
import { patchWith, sketchTrajectory, toJsonl } from '../eval/tts/test-trajectories.js';
import { issueOf, loadVerifierTemplate, renderVerifierPrompt } from '../sft/verifier.js';
import { runVerifierScore, type VerifierScoreOptions } from './run-verifier.js';
import { answerOnlyVerifier, logprobsVerifier, promptOf } from './scripted-verifiers.js';

let dir: string;
let server: ScriptedServer;
const seen: ScriptedRequest[] = [];
let flaky = true;

const trajectories = [
  sketchTrajectory({ instance_id: 'acme__calc-1', sample: 0, patch: patchWith('good'), resolved: true }),
  sketchTrajectory({ instance_id: 'acme__calc-1', sample: 1, patch: patchWith('bad'), resolved: false }),
  sketchTrajectory({ instance_id: 'acme__calc-2', sample: 0, patch: patchWith('meh'), resolved: false }),
];
const belief = (prompt: string) => (prompt.includes('+good') ? 0.8 : prompt.includes('+bad') ? 0.25 : 0.5);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lf-verifier-'));
  await writeFile(join(dir, 'trajectories.jsonl'), toJsonl(trajectories));
  const logprobs = logprobsVerifier(belief);
  server = await startScriptedServer({
    agents: {
      judge: (turn) => {
        seen.push(turn.request);
        return logprobs(turn);
      },
      words: answerOnlyVerifier((p) =>
        p.includes('+good') ? 'YES' : p.includes('+bad') ? 'No.' : 'I cannot tell',
      ),
      thinker: answerOnlyVerifier(() => '<think>no idea... no</think>\nYES'),
      faulty: (turn) => {
        const prompt = promptOf(turn.request);
        if (prompt.includes('+good') && turn.attempt === 0) return { fault: 'status', status: 500 };
        if (prompt.includes('+bad')) return { fault: 'status', status: 400, message: 'invalid request' };
        if (prompt.includes('+meh') && flaky) return { fault: 'status', status: 503 };
        return logprobs(turn);
      },
    },
  });
});
afterAll(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

const score = (model: string, out: string, extra: Partial<VerifierScoreOptions> = {}) =>
  runVerifierScore({
    trajectoriesPath: join(dir, 'trajectories.jsonl'),
    outPath: join(dir, out),
    baseUrl: server.url,
    model,
    concurrency: 2,
    retry: { retries: 2, baseDelayMs: 1, maxDelayMs: 5 },
    progress: 'off',
    ...extra,
  });

const lines = async (path: string) =>
  (await readFile(path, 'utf8'))
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));

describe('verifier score', () => {
  it('scores P(YES) / (P(YES) + P(NO)) from the top logprobs, with the sft verifier prompt', async () => {
    const result = await score('judge', 'scores.jsonl');
    expect(result.scores.map((s) => [s.trajectory_id, s.score_source, s.answer])).toEqual([
      ['acme__calc-1#0', 'logprobs', 'YES'],
      ['acme__calc-1#1', 'logprobs', 'NO'],
      ['acme__calc-2#0', 'logprobs', 'YES'],
    ]);
    expect(result.scores.map((s) => s.score)).toEqual([
      expect.closeTo(0.8, 12),
      expect.closeTo(0.25, 12),
      expect.closeTo(0.5, 12),
    ]);
    expect(result.scores[0]).toMatchObject({ p_yes: expect.closeTo(0.8, 12), p_no: expect.closeTo(0.2, 12) });
    expect(await lines(join(dir, 'scores.jsonl'))).toEqual(JSON.parse(JSON.stringify(result.scores)));
    const request = seen.find((r) => promptOf(r).includes('+good'))!;
    expect(request).toMatchObject({ logprobs: true, top_logprobs: 20, temperature: 0, max_tokens: 16 });
    const t = trajectories[0]!;
    const expected = renderVerifierPrompt(
      { issue: issueOf(t), messages: t.messages, patch: t.patch },
      loadVerifierTemplate(),
    );
    expect(request.messages).toEqual(expected);
    expect(result.summary).toMatchObject({
      trajectories: 3,
      scored: 3,
      failed: 0,
      by_source: { logprobs: 3 },
    });
    expect(result.summary.usage.model_calls).toBe(3);
  });

  it('falls back to the parsed answer as a 0/1 score when the endpoint sends no logprobs', async () => {
    const result = await score('words', 'words.jsonl');
    expect(result.scores.map((s) => [s.score, s.score_source, s.answer])).toEqual([
      [1, 'answer', 'YES'],
      [0, 'answer', 'NO'],
      [null, 'none', null],
    ]);
    const thinker = await score('thinker', 'thinker.jsonl');
    expect(thinker.scores.map((s) => s.score)).toEqual([1, 1, 1]);
  });

  it('retries server errors, records refusals and exhausted retries as failures, and resumes them', async () => {
    const before = server.requests;
    const first = await score('faulty', 'faulty.jsonl');
    expect(first.scores.map((s) => s.trajectory_id)).toEqual(['acme__calc-1#0']);
    expect(first.scores[0]!.usage).toMatchObject({ model_calls: 1, retries: 1 });
    expect(first.run.failures.map((f) => [f.key, f.code])).toEqual(
      expect.arrayContaining([
        ['acme__calc-1#1', 'bad_input'],
        ['acme__calc-2#0', 'internal'],
      ]),
    );
    expect(first.run.failures.find((f) => f.key === 'acme__calc-1#1')!.message).toMatch(
      /failed after 1 attempt\(s\) \(bad_request\): HTTP 400/,
    );
    expect(first.run.failures.find((f) => f.key === 'acme__calc-2#0')!.message).toMatch(/after 3 attempt/);
    expect(server.requests - before).toBe(2 + 1 + 3);

    flaky = false;
    const again = await score('faulty', 'faulty.jsonl');
    expect(again.run).toMatchObject({ skipped: 1, done: 1, failed: 1 });
    expect((await lines(join(dir, 'faulty.jsonl'))).map((s) => s.trajectory_id)).toEqual([
      'acme__calc-1#0',
      'acme__calc-2#0',
    ]);
    expect(server.requests - before).toBe(6 + 1 + 1);
  });

  it('reports malformed and duplicate trajectory lines and scores the rest once', async () => {
    const path = join(dir, 'messy.jsonl');
    await writeFile(path, `${toJsonl([trajectories[0], trajectories[0]])}{"trajectory_id": 1}\n`);
    const result = await score('judge', 'messy-scores.jsonl', { trajectoriesPath: path });
    expect(result.scores).toHaveLength(1);
    expect(result.problems).toHaveLength(2);
    expect(result.problems[0]).toMatch(/messy.jsonl:2: duplicate trajectory acme__calc-1#0/);
    expect(result.problems[1]).toMatch(/messy.jsonl:3: /);
  });
});
