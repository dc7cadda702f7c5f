import { describe, expect, it } from 'vitest';
import {
  missingFloor,
  parseAnswer,
  scoreFromLogprobs,
  scoreReply,
  standIn,
  type AnswerReading,
  type TokenLogprob,
} from './logprobs.js';

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
    expect(scoreFromLogprobs([tok('Yes', 1)])).toMatchObject({ score: 1 / (1 + 1e-12), missing: 'NO' });
    expect(scoreFromLogprobs([tok('Yesterday', 0.9), tok('Not', 0.9)])).toBeUndefined();
    const tiny = [
      { token: 'YES', logprob: -1e6, top_logprobs: [{ token: 'NO', logprob: -1e6 - Math.log(3) }] },
    ];
    expect(scoreFromLogprobs(tiny)!.score).toBeCloseTo(0.75, 9);
  });
});

describe('a side missing from the top logprobs', () => {
  it('stands in with the least likely listed token or the mass left over, whichever is smaller, floored', () => {
    expect(standIn([Math.log(0.5), Math.log(0.3)])).toBeCloseTo(Math.log(0.2), 12);
    expect(standIn([Math.log(0.9), Math.log(0.01)])).toBeCloseTo(Math.log(0.01), 12);
    expect(standIn([0])).toBe(missingFloor);
    expect(standIn([-1e6])).toBeCloseTo(missingFloor, 12);
  });

  it('keeps the sum rule below 1 and in the order of the YES mass when NO falls out of the top 20', () => {
    const top20 = (yes: number) => {
      const rest = Array.from({ length: 19 }, (_, i): [string, number] => [`t${i}`, (1 - yes) / 40]);
      return [tok('YES', yes, [['YES', yes], ...rest])];
    };
    const [high, low] = [scoreFromLogprobs(top20(0.99))!, scoreFromLogprobs(top20(0.9))!];
    expect(high).toMatchObject({ answer: 'YES', missing: 'NO', p_no: expect.closeTo(0.01 / 40, 12) });
    expect(high.score).toBeCloseTo(0.99 / (0.99 + 0.01 / 40), 12);
    expect(low.score).toBeCloseTo(0.9 / (0.9 + 0.1 / 40), 12);
    expect(high.score!).toBeLessThan(1);
    expect(low.score!).toBeLessThan(high.score!);
  });

  it('bounds a missing YES the same way', () => {
    const score = scoreFromLogprobs([
      tok('NO', 0.8, [
        ['NO', 0.8],
        ['no', 0.15],
      ]),
    ])!;
    expect(score).toMatchObject({ answer: 'NO', missing: 'YES' });
    expect(score.score).toBeCloseTo(0.05 / (0.05 + 0.95), 12);
  });
});

describe('the max rule after an answer tag', () => {
  const tagged: AnswerReading = { tag: '<judgement>', prefilled: '', rule: 'max' };

  it('takes the best YES against the best NO at the token after the tag, outside thinking', () => {
    const tokens = [
      tok('<think>', 1),
      tok('<', 1),
      tok('jud', 1),
      tok('gement', 1),
      tok('>', 1),
      tok('NO', 1, [['NO', 1]]),
      tok('</think>', 1),
      tok('<', 1),
      tok('jud', 1),
      tok('gement', 1),
      tok('>', 1),
      tok('YES', 0.5, [
        ['YES', 0.5],
        ['NO', 0.2],
        ['Yes', 0.15],
        ['no', 0.1],
      ]),
      tok('</', 1),
    ];
    const score = scoreFromLogprobs(tokens, tagged)!;
    expect(score).toMatchObject({
      answer: 'YES',
      p_yes: expect.closeTo(0.5, 12),
      p_no: expect.closeTo(0.2, 12),
    });
    expect(score.score).toBeCloseTo(0.5 / 0.7, 12);
    expect(scoreFromLogprobs(tokens, { ...tagged, rule: 'sum' })!.score).toBeCloseTo(0.65 / 0.95, 12);
  });

  it('reads the first reply token after a prefilled tag, and cuts the tag from a token that ends it', () => {
    const prefilled = scoreFromLogprobs(
      [
        tok('NO', 0.6, [
          ['NO', 0.6],
          ['YES', 0.3],
        ]),
        tok('</', 1),
      ],
      {
        ...tagged,
        prefilled: '<judgement>',
      },
    )!;
    expect(prefilled.score).toBeCloseTo(1 / 3, 12);
    const merged = scoreFromLogprobs(
      [
        tok('<judgement', 1),
        tok('>YES', 0.7, [
          ['>YES', 0.7],
          ['>NO', 0.2],
          [' maybe', 0.1],
        ]),
      ],
      tagged,
    )!;
    expect(merged).toMatchObject({ answer: 'YES', score: expect.closeTo(0.7 / 0.9, 12) });
  });

  it('falls back to the first bare answer when the reply has no tag', () => {
    expect(scoreFromLogprobs([tok('NO', 0.75, [['YES', 0.25]])], tagged)!.score).toBeCloseTo(0.25, 12);
    expect(scoreReply('YES</judgement>', null, { ...tagged, prefilled: '<judgement>' })).toEqual({
      score: 1,
      score_source: 'answer',
      answer: 'YES',
    });
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
