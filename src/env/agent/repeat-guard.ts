import type { AgentFormat } from '../../agent/formats.js';
import type { Policy, PolicyReply } from '../../agent/policies/types.js';

/** A reply that made the same calls as the replies before it, `times` in a row. */
export class RepeatedCall extends Error {
  constructor(
    readonly call: string,
    readonly times: number,
    readonly reply: PolicyReply,
  ) {
    super(`the same call ${times} times in a row: ${call}`);
  }
}

/** A policy that counts its replies and throws `RepeatedCall` when one repeats the last `maxRepeats - 1`. */
export function guardRepeats(
  policy: Policy,
  format: AgentFormat,
  maxRepeats: number,
): Policy & { readonly replies: number } {
  let last = '';
  let times = 0;
  let replies = 0;
  return {
    kind: policy.kind,
    model: policy.model,
    get replies() {
      return replies;
    },
    async next(request, signal) {
      const reply = await policy.next(request, signal);
      replies += 1;
      const calls = format.readReply(reply.reply).calls.map((c) => [c.name, c.args ?? c.malformed ?? null]);
      const key = JSON.stringify(calls);
      times = key === last ? times + 1 : 1;
      last = key;
      if (times >= maxRepeats) throw new RepeatedCall(key.slice(0, 200), times, reply);
      return reply;
    },
  };
}
