import { classifyModelError } from '../../llm/errors.js';
import { attemptsOf } from '../../llm/retry.js';
import type { JudgeReply, JudgeRequest, VerifierClient } from './client.js';

/** What a run learned about its endpoint: once a prefill is refused, later requests go without it. */
export interface PrefillMemory {
  refused: boolean;
}

/** A reply and the prefilled text it continues ('' when nothing was prefilled). */
export interface PrefilledReply {
  reply: JudgeReply;
  prefilled: string;
}

/**
 * Asks with `request.prefill` as the start of the reply; an endpoint that refuses a prefilled assistant
 * turn (a 400, as OpenAI's does) is asked again without it, and the answer is then read after the tag in
 * the generated text, and so is every later request of the run. The refused call's attempts count with the
 * reply's.
 */
export async function judgeWithPrefill(
  client: VerifierClient,
  request: JudgeRequest,
  memory: PrefillMemory,
  signal?: AbortSignal,
): Promise<PrefilledReply> {
  const { prefill, ...plain } = request;
  if (!prefill || memory.refused) return { reply: await client.judge(plain, signal), prefilled: '' };
  try {
    return { reply: await client.judge(request, signal), prefilled: prefill };
  } catch (err) {
    if (classifyModelError(err).kind !== 'bad_request') throw err;
    memory.refused = true;
    const reply = await client.judge(plain, signal);
    return { reply: { ...reply, attempts: reply.attempts + attemptsOf(err) }, prefilled: '' };
  }
}
