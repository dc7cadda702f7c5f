/**
 * Scripted generative verifiers for tests and benchmarks: they read the final patch from the verifier
 * prompt and answer YES or NO through the scripted OpenAI-compatible server, with or without logprobs.
 */
import type { ScriptedAgent, ScriptedLogprob, ScriptedRequest } from '../../llm/scripted-server.js';

/** The prompt text a verifier request carries. */
export function promptOf(request: ScriptedRequest): string {
  return request.messages.map((m) => m.content ?? '').join('\n');
}

/** Decides P(YES) for a prompt. */
export type Belief = (prompt: string) => number;

/** The logprobs of a one-token YES/NO answer with P(YES) = `p`, spread over a few spellings as real models do. */
export function answerLogprobs(p: number): ScriptedLogprob[] {
  const top = [
    { token: 'YES', logprob: Math.log(0.9 * p) },
    { token: 'NO', logprob: Math.log(0.9 * (1 - p)) },
    { token: 'Yes', logprob: Math.log(0.1 * p) },
    { token: ' no', logprob: Math.log(0.1 * (1 - p)) },
  ]
    .filter((alt) => Number.isFinite(alt.logprob))
    .sort((a, b) => b.logprob - a.logprob);
  return [{ ...top[0]!, top_logprobs: top }];
}

/** Answers with the likelier word and its logprobs (what vLLM and SGLang send with `logprobs: true`). */
export function logprobsVerifier(belief: Belief): ScriptedAgent {
  return ({ request }) => {
    const p = belief(promptOf(request));
    const logprobs = answerLogprobs(p);
    return { content: logprobs[0]!.token, logprobs };
  };
}

/** Answers in words only, as an endpoint without logprobs does (`text` is the whole reply). */
export function answerOnlyVerifier(reply: (prompt: string) => string): ScriptedAgent {
  return ({ request }) => ({ content: reply(promptOf(request)) });
}
