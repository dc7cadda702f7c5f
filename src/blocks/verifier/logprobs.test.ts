import { describe, expect, it } from 'vitest';
import { parseAnswer, scoreFromLogprobs, scoreReply, type TokenLogprob } from './logprobs.js';

const tok = (token: string, p: number, top: [string, number][] = []): TokenLogprob => ({
  token,
  logprob: Math.log(p),
  top_logprobs: top.map(([t, q]) => ({ token: t, logprob: Math.log(q) })),
});

describe('scoreFromLogprobs', () => {
  it('sums every spelling of YES and NO at the answer token', () => {
    const score = scoreFromLogprobs([
      tok('YES', 0.6, [
        ['YES', 0.6],
        [' yes', 0.1],
        ['NO', 0.2],
        ['Maybe', 0.1],
      ]),
    ]);
    expect(score).toMatchObject({ score_source: 'logprobs', answer: 'YES' });
    expect(score!.score).toBeCloseTo(0.7 / 0.9, 12);
    expect(score!.p_yes).toBeCloseTo(0.7, 12);
    expect(score!.p_no).toBeCloseTo(0.2, 12);
  });

  it('reads the first answer after a think block and through markup', () => {
    const tokens = [
      tok('<think>', 1),
      tok('no', 0.9, [
        ['no', 0.9],
        ['yes', 0.1],
      ]),
      tok('</think>', 1),
      tok('**', 1),
      tok('NO', 0.7, [
        ['NO', 0.7],
        ['YES', 0.3],
      ]),
      tok('**', 1),
    ];
    expect(scoreFromLogprobs(tokens)!.score).toBeCloseTo(0.3, 12);
  });

  it('counts the chosen token when it is missing from the alternatives, and finds nothing in other words', () => {
    expect(scoreFromLogprobs([tok('Yes.', 0.5, [['NO', 0.5]])])!.score).toBeCloseTo(0.5, 12);
    expect(scoreFromLogprobs([tok('Yes', 1)])!.score).toBe(1);
    expect(scoreFromLogprobs([tok('Yesterday', 0.9), tok('Not', 0.9)])).toBeUndefined();
    const tiny = [
      { token: 'YES', logprob: -1e6, top_logprobs: [{ token: 'NO', logprob: -1e6 - Math.log(3) }] },
    ];
    expect(scoreFromLogprobs(tiny)!.score).toBeCloseTo(0.75, 9);
  });
});

describe('parseAnswer and scoreReply', () => {
  it('parses the first YES or NO outside thinking', () => {
    expect(parseAnswer('The answer is: yes.')).toBe('YES');
    expect(parseAnswer('<think>yes? no...</think>\n\nNO')).toBe('NO');
    expect(parseAnswer('<think>unfinished yes')).toBeNull();
    expect(parseAnswer('Nobody knows')).toBeNull();
  });

  it('uses logprobs when they hold an answer, the words otherwise', () => {
    expect(scoreReply('NO', [tok('NO', 0.75, [['YES', 0.25]])])).toMatchObject({ score_source: 'logprobs' });
    expect(scoreReply('NO', null)).toEqual({ score: 0, score_source: 'answer', answer: 'NO' });
    expect(scoreReply('Hmm', [])).toEqual({ score: null, score_source: 'none', answer: null });
  });
});
