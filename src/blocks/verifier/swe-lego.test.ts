import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Tokenizer } from '@huggingface/tokenizers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPromptTemplates } from '../../agent/template.js';
import {
  startScriptedServer,
  type ScriptedAgent,
  type ScriptedLogprob,
  type ScriptedRequest,
  type ScriptedServer,
} from '../../llm/scripted-server.js';
import { patchWith, sketchTrajectory, toJsonl } from '../eval/tts/test-trajectories.js';
import { qwen3TokenizerPath } from '../sft/tokenizer.js';
import { loadVerifierPrompt, verifierMessages } from './formats/index.js';
import { runVerifierScore } from './run-verifier.js';
import { promptOf } from './scripted-verifiers.js';

/** The Qwen3 tokenizer's pieces of a text, as an endpoint serving a Qwen3 verifier returns them. */
let pieces: (text: string) => string[];
const tag = '<judgement>';

/** What a verifier believes at the answer token: answer spellings and their probabilities. */
type Belief = [spelling: string, p: number][];
const beliefs: Record<string, Belief> = {
  good: [
    ['YES', 0.7],
    ['NO', 0.2],
    ['Yes', 0.05],
  ],
  bad: [
    ['NO', 0.6],
    ['YES', 0.3],
    ['no', 0.05],
  ],
  sure: [
    ['YES', 0.95],
    ['Y', 0.03],
    ['yes', 0.01],
  ],
};
const beliefOf = (prompt: string): Belief =>
  prompt.includes('+good') ? beliefs.good! : prompt.includes('+bad') ? beliefs.bad! : beliefs.sure!;

/**
 * The reply `text` token by token as the tokenizer splits it; the token after the tag carries the belief's
 * alternatives, each spelled as the tokenizer splits the same reply with that answer.
 */
function tokenLogprobs(text: string, before: string, belief: Belief): ScriptedLogprob[] {
  let seen = before;
  return pieces(text).map((token, index) => {
    const atAnswer = seen.endsWith(tag);
    seen += token;
    if (!atAnswer) return { token, logprob: 0, top_logprobs: [{ token, logprob: 0 }] };
    const top = belief.map(([spelling, p]) => ({
      token: pieces(text.replace(/^(.*?)(YES|NO)/s, `$1${spelling}`))[index]!,
      logprob: Math.log(p),
    }));
    return { token, logprob: top[0]!.logprob, top_logprobs: top };
  });
}

const prefilledRequest = (request: ScriptedRequest) =>
  request['continue_final_message'] === true && request.messages.at(-1)?.role === 'assistant';

/** A vLLM-like verifier: continues a prefilled `<judgement>`. */
const vllmVerifier: ScriptedAgent = ({ request }) => {
  const belief = beliefOf(promptOf(request));
  const answer = `${belief[0]![0]}</judgement>`;
  if (!prefilledRequest(request)) throw new Error('the scoring request carried no prefill');
  return { content: answer, logprobs: tokenLogprobs(answer, tag, belief) };
};

/** An OpenAI-like verifier: refuses vLLM's extension, and writes the whole tagged answer after thinking. */
const refusingVerifier: ScriptedAgent = ({ request }) => {
  if ('continue_final_message' in request)
    return {
      fault: 'status',
      status: 400,
      message: 'Unrecognized request argument supplied: continue_final_message',
    };
  const belief = beliefOf(promptOf(request));
  const answer = `<think>\nThe tests pass.\n</think>\n\n${tag}${belief[0]![0]}</judgement>`;
  return { content: answer, logprobs: tokenLogprobs(answer, '', belief) };
};

let dir: string;
let server: ScriptedServer;
const seen: ScriptedRequest[] = [];
const trajectories = ['good', 'bad', 'sure'].map((body, sample) =>
  sketchTrajectory({ instance_id: 'acme__calc-1', sample, patch: patchWith(body), resolved: body !== 'bad' }),
);

beforeAll(async () => {
  const path = qwen3TokenizerPath();
  const json = JSON.parse(await readFile(path, 'utf8')) as never;
  const config = JSON.parse(await readFile(join(dirname(path), 'tokenizer_config.json'), 'utf8')) as never;
  const tokenizer = new Tokenizer(json, config);
  pieces = (text) =>
    tokenizer.encode(text, { add_special_tokens: false }).ids.map((id: number) => tokenizer.decode([id]));
  dir = await mkdtemp(join(tmpdir(), 'lf-verifier-swe-lego-'));
  await writeFile(join(dir, 'trajectories.jsonl'), toJsonl(trajectories));
  const recorded =
    (agent: ScriptedAgent): ScriptedAgent =>
    (turn) => {
      seen.push(turn.request);
      return agent(turn);
    };
  server = await startScriptedServer({
    agents: { vllm: recorded(vllmVerifier), openai: recorded(refusingVerifier) },
  });
});
afterAll(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

const score = (model: string, out: string, extra: Partial<Parameters<typeof runVerifierScore>[0]> = {}) =>
  runVerifierScore({
    trajectoriesPath: join(dir, 'trajectories.jsonl'),
    outPath: join(dir, out),
    baseUrl: server.url,
    model,
    format: 'swe-lego',
    concurrency: 1,
    retry: { retries: 0 },
    progress: 'off',
    ...extra,
  });

/** The max rule: the best YES spelling against the best NO one, a two-way softmax. */
const maxRule = (yes: number, no: number) => yes / (yes + no);

describe('verifier score --verifier-format swe-lego', () => {
  it('splits the tagged answer as Qwen3 does: the tag, then YES or NO as a token of its own', () => {
    expect(pieces('<judgement>YES</judgement>').join('|')).toMatch(/>\|YES\|<\//);
    expect(pieces('<judgement>NO</judgement>').join('|')).toMatch(/>\|NO\|<\//);
  });

  it('prefills <judgement> with continue_final_message and scores the max rule at the next token', async () => {
    const result = await score('vllm', 'vllm.jsonl');
    expect(result.scores.map((s) => [s.answer, s.score_source, s.prefilled, s.missing])).toEqual([
      ['YES', 'logprobs', true, undefined],
      ['NO', 'logprobs', true, undefined],
      ['YES', 'logprobs', true, 'NO'],
    ]);
    expect(result.scores[0]!.score).toBeCloseTo(maxRule(0.7, 0.2), 12);
    expect(result.scores[1]!.score).toBeCloseTo(maxRule(0.3, 0.6), 12);
    // NO is not among the top logprobs: the least likely listed spelling (0.01) bounds it.
    expect(result.scores[2]!.score).toBeCloseTo(maxRule(0.95, 0.01), 12);
    expect(result.scores[2]).toMatchObject({
      p_yes: expect.closeTo(0.95, 12),
      p_no: expect.closeTo(0.01, 12),
    });
    expect(result.scores[0]!.reply).toBe('<judgement>YES</judgement>');

    const request = seen.find((r) => r.model === 'vllm' && promptOf(r).includes('+good'))!;
    const textFunctions = (await loadPromptTemplates()).textFunctions;
    const prompt = loadVerifierPrompt({
      format: 'swe-lego',
      textFormat: { textFunctions, functionList: 'legofactory', crlf: 'keep' },
    });
    expect(request).toMatchObject({
      continue_final_message: true,
      add_generation_prompt: false,
      logprobs: true,
      top_logprobs: 20,
      temperature: 0,
    });
    expect(request.messages).toEqual([
      ...verifierMessages('swe-lego', trajectories[0]!, prompt),
      { role: 'assistant', content: '<judgement>' },
    ]);
  });

  it('reads the first token after the tag in the generated text where the endpoint refuses the prefill', async () => {
    const before = server.requests;
    const result = await score('openai', 'openai.jsonl');
    expect(result.run).toMatchObject({ done: 3, failed: 0 });
    expect(result.scores.map((s) => [s.answer, s.prefilled])).toEqual([
      ['YES', false],
      ['NO', false],
      ['YES', false],
    ]);
    expect(result.scores.map((s) => s.score)).toEqual([
      expect.closeTo(maxRule(0.7, 0.2), 12),
      expect.closeTo(maxRule(0.3, 0.6), 12),
      expect.closeTo(maxRule(0.95, 0.01), 12),
    ]);
    // One refusal, then the run stops prefilling; the refused attempt counts in the first score's usage.
    expect(server.requests - before).toBe(4);
    expect(result.scores[0]!.usage).toMatchObject({ model_calls: 1, retries: 1 });
    const sent = seen.filter((r) => r.model === 'openai');
    expect(sent.map((r) => [r.messages.at(-1)!.role, 'continue_final_message' in r])).toEqual([
      ['assistant', true],
      ['user', false],
      ['user', false],
      ['user', false],
    ]);
  });

  it('never prefills with --no-prefill, and sums spellings with --score-rule sum', async () => {
    const result = await score('openai', 'sum.jsonl', { prefill: false, rule: 'sum' });
    expect(result.scores[0]).toMatchObject({ prefilled: false, score: expect.closeTo(0.75 / 0.95, 12) });
    expect(result.scores[2]!.score).toBeCloseTo(0.96 / 0.97, 12);
  });
});
