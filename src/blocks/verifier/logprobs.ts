import type { TokenLogprob } from '../../llm/types.js';
import type { ScoreSource } from '../../schema/verifier.js';

export type { TokenLogprob };

/** A verifier reply's score and where it came from. */
export interface ReplyScore {
  score: number | null;
  score_source: ScoreSource;
  answer: 'YES' | 'NO' | null;
  p_yes?: number;
  p_no?: number;
}

const answerOf = (token: string): 'YES' | 'NO' | null => {
  const word = token
    .trim()
    .replace(/^[*_`"'([]+|[*_`"'.,:;!)\]]+$/g, '')
    .toUpperCase();
  return word === 'YES' || word === 'NO' ? word : null;
};

/** The first token that answers YES or NO outside a `<think>` block. */
function answerToken(tokens: TokenLogprob[]): TokenLogprob | undefined {
  let text = '';
  for (const t of tokens) {
    const thinking = text.lastIndexOf('<think>') > text.lastIndexOf('</think>');
    text += t.token;
    if (!thinking && answerOf(t.token) !== null) return t;
  }
  return undefined;
}

/**
 * P(YES) / (P(YES) + P(NO)) at the first generated token that is YES or NO (any case, with spaces or
 * markup around it) outside a `<think>` block, summing every spelling among that position's top
 * logprobs. Undefined when no generated token is an answer.
 */
export function scoreFromLogprobs(tokens: TokenLogprob[]): ReplyScore | undefined {
  const at = answerToken(tokens);
  if (!at) return undefined;
  const alternatives = new Map<string, number>([[at.token, at.logprob]]);
  for (const alt of at.top_logprobs ?? [])
    if (!alternatives.has(alt.token)) alternatives.set(alt.token, alt.logprob);
  const answers = [...alternatives].flatMap(([token, logprob]) => {
    const answer = answerOf(token);
    return answer ? [{ answer, logprob }] : [];
  });
  // Relative to the likeliest answer, so tiny logprobs cannot underflow both sums to zero.
  const top = Math.max(...answers.map((a) => a.logprob));
  const sum = (which: 'YES' | 'NO') =>
    answers.filter((a) => a.answer === which).reduce((total, a) => total + Math.exp(a.logprob - top), 0);
  const [yes, no] = [sum('YES'), sum('NO')];
  const score = yes / (yes + no);
  const [p_yes, p_no] = [yes * Math.exp(top), no * Math.exp(top)];
  return { score, score_source: 'logprobs', answer: answerOf(at.token), p_yes, p_no };
}

/** The first standalone YES or NO in a reply, after any `<think>` block; null when there is none. */
export function parseAnswer(text: string): 'YES' | 'NO' | null {
  const visible = text.replace(/<think>[\s\S]*?<\/think>/g, '').replace(/<think>[\s\S]*$/, '');
  const match = /\b(yes|no)\b/i.exec(visible);
  return match ? (match[1]!.toUpperCase() as 'YES' | 'NO') : null;
}

/** Scores a reply: from its logprobs when it has an answer token, else 0/1 from the parsed answer. */
export function scoreReply(content: string, tokens: TokenLogprob[] | null | undefined): ReplyScore {
  const fromLogprobs = tokens && tokens.length > 0 ? scoreFromLogprobs(tokens) : undefined;
  if (fromLogprobs) return fromLogprobs;
  const answer = parseAnswer(content);
  if (answer === null) return { score: null, score_source: 'none', answer: null };
  return { score: answer === 'YES' ? 1 : 0, score_source: 'answer', answer };
}
