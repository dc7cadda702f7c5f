import type { ChatClient } from '../../llm/types.js';
import type { Policy } from './types.js';

/** The policy of a chat model: every step is one chat-completions call (with retries). */
export function modelPolicy(client: ChatClient): Policy {
  return {
    kind: 'model',
    model: client.model,
    async next(request, signal) {
      const call = await client.complete(request, signal);
      return { ...call, fromModel: true };
    },
  };
}
