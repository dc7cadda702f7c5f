import type { TokenLogprob } from '../../llm/types.js';
import type { ScoreSource } from '../../schema/verifier.js';

export type { TokenLogprob };

/** How the YES and NO spellings at the answer token combine: `sum` adds their probabilities, `max` takes the best of each. */
export type ScoreRule = 'sum' | 'max';

/** How a reply is read: where its answer starts and how the spellings there combine. */
export interface AnswerReading {
  /** Text the answer follows, like `<judgement>`; empty: the first YES or NO token is the answer. */
  tag: string;
  /** The start of the assistant turn sent with the request (prefilled), which the reply continues. */
  prefilled: string;
  rule: ScoreRule;
}

/** LegoFactory's own reading: a bare YES or NO, every spelling summed. */
export const bareAnswer: AnswerReading = { tag: '', prefilled: '', rule: 'sum' };

/**
 * The lowest logprob a side missing from the top list stands in with, so a score never reaches 0 or 1
 * exactly (1 / (1 + 1e-12) is still below 1 in double precision).
 */
export const missingFloor = Math.log(1e-12);

/** A verifier reply's score and where it came from. */
export interface ReplyScore {
  score: number | null;
  score_source: ScoreSource;
  answer: 'YES' | 'NO' | null;
  p_yes?: number;
  p_no?: number;
  /** The side absent from the top logprobs, stood in for by its bound (see `standIn`). */
  missing?: 'YES' | 'NO';
}

type Answer = 'YES' | 'NO';
interface Alternative {
  token: string;
  logprob: number;
}
/** The answer position: the chosen token's answer and every alternative there, chosen one first. */
interface AnswerSlot {
  answer: Answer;
  alternatives: Alternative[];
  classify: (token: string) => Answer | null;
}

const answerOf = (token: string): Answer | null => {
  const word = token
    .trim()
    .replace(/^[*_`"'([]+|[*_`"'.,:;!)\]]+$/g, '')
    .toUpperCase();
  return word === 'YES' || word === 'NO' ? word : null;
};

/** YES or NO at the start of a token, whatever follows it that is not a letter or digit (`YES</`). */
const leadingAnswerOf = (token: string): Answer | null => {
  const match = /^\s*(yes|no)(?![a-z0-9])/i.exec(token);
  return match ? (match[1]!.toUpperCase() as Answer) : null;
};

const thinkingAt = (text: string, at: number) =>
  text.lastIndexOf('<think>', at) > text.lastIndexOf('</think>', at);

const alternativesOf = (at: TokenLogprob): Alternative[] => [
  { token: at.token, logprob: at.logprob },
  ...(at.top_logprobs ?? []),
];

/** The first token that answers YES or NO outside a `<think>` block. */
function bareSlot(tokens: TokenLogprob[]): AnswerSlot | undefined {
  let text = '';
  for (const t of tokens) {
    const thinking = thinkingAt(text, text.length);
    text += t.token;
    const answer = answerOf(t.token);
    if (!thinking && answer !== null) return { answer, alternatives: alternativesOf(t), classify: answerOf };
  }
  return undefined;
}

/**
 * The token right after the first `tag` (outside thinking) that opens with YES or NO, in the prefilled text
 * and the reply together. A token that also holds the tag's end has that part cut from it and from each
 * alternative sharing it; alternatives not sharing it are other continuations of the tag and left out.
 */
function taggedSlot(tokens: TokenLogprob[], reading: AnswerReading): AnswerSlot | undefined {
  const starts: number[] = [];
  let text = reading.prefilled;
  for (const t of tokens) {
    starts.push(text.length);
    text += t.token;
  }
  for (let at = text.indexOf(reading.tag); at >= 0; at = text.indexOf(reading.tag, at + 1)) {
    const end = at + reading.tag.length;
    const index = starts.findLastIndex((start) => start <= end);
    const token = tokens[index];
    if (thinkingAt(text, at) || !token || end - starts[index]! >= token.token.length) continue;
    const overlap = end - starts[index]!;
    const answer = leadingAnswerOf(token.token.slice(overlap));
    if (answer === null) continue;
    const head = token.token.slice(0, overlap);
    const alternatives = alternativesOf(token)
      .filter((alt) => alt.token.startsWith(head))
      .map((alt) => ({ token: alt.token.slice(overlap), logprob: alt.logprob }));
    return { answer, alternatives, classify: leadingAnswerOf };
  }
  return undefined;
}

/**
 * The logprob a side absent from the top list stands in with: an upper bound on its true logprob, the
 * smaller of the least likely listed token's and the mass the list leaves over, but not below
 * `missingFloor`.
 */
export function standIn(listed: number[]): number {
  const mass = listed.reduce((total, logprob) => total + Math.exp(logprob), 0);
  const bound = Math.min(...listed, Math.log(Math.max(0, 1 - mass)));
  return Math.max(missingFloor, bound);
}

const logSumExp = (values: number[]) => {
  const top = Math.max(...values);
  return top + Math.log(values.reduce((total, v) => total + Math.exp(v - top), 0));
};

function scoreSlot(slot: AnswerSlot, rule: ScoreRule): ReplyScore {
  const unique = new Map<string, number>();
  for (const alt of slot.alternatives) if (!unique.has(alt.token)) unique.set(alt.token, alt.logprob);
  const sides: Record<Answer, number[]> = { YES: [], NO: [] };
  for (const [token, logprob] of unique) {
    const answer = slot.classify(token);
    if (answer) sides[answer].push(logprob);
  }
  const missing = sides.YES.length === 0 ? 'YES' : sides.NO.length === 0 ? 'NO' : undefined;
  if (missing) sides[missing].push(standIn([...unique.values()]));
  const combine = rule === 'max' ? (values: number[]) => Math.max(...values) : logSumExp;
  const [yes, no] = [combine(sides.YES), combine(sides.NO)];
  const score = 1 / (1 + Math.exp(no - yes));
  return {
    score,
    score_source: 'logprobs',
    answer: slot.answer,
    p_yes: Math.exp(yes),
    p_no: Math.exp(no),
    ...(missing ? { missing } : {}),
  };
}

/**
 * P(YES) against P(NO) at the answer token: after `reading.tag` when it has one (else at the first YES
 * or NO token outside a `<think>` block), over every spelling among that position's top logprobs,
 * combined by `reading.rule`. Undefined when no generated token is an answer.
 */
export function scoreFromLogprobs(
  tokens: TokenLogprob[],
  reading: AnswerReading = bareAnswer,
): ReplyScore | undefined {
  const slot = (reading.tag ? taggedSlot(tokens, reading) : undefined) ?? bareSlot(tokens);
  return slot ? scoreSlot(slot, reading.rule) : undefined;
}

/** The first standalone YES or NO in a reply, after any `<think>` block; null when there is none. */
export function parseAnswer(text: string): Answer | null {
  const visible = text.replace(/<think>[\s\S]*?<\/think>/g, '').replace(/<think>[\s\S]*$/, '');
  const match = /\b(yes|no)\b/i.exec(visible);
  return match ? (match[1]!.toUpperCase() as Answer) : null;
}

/** Scores a reply: from its logprobs when it has an answer token, else 0/1 from the parsed answer. */
export function scoreReply(
  content: string,
  tokens: TokenLogprob[] | null | undefined,
  reading: AnswerReading = bareAnswer,
): ReplyScore {
  const fromLogprobs = tokens && tokens.length > 0 ? scoreFromLogprobs(tokens, reading) : undefined;
  if (fromLogprobs) return fromLogprobs;
  const answer = parseAnswer(reading.prefilled + content);
  if (answer === null) return { score: null, score_source: 'none', answer: null };
  return { score: answer === 'YES' ? 1 : 0, score_source: 'answer', answer };
}
