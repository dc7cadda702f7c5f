import { z } from 'zod';
import type { Tool } from './types.js';

const args = z.object({ thought: z.string() });

/** `think`: a scratchpad that changes nothing; the thought stays in the conversation. */
export const think: Tool<z.infer<typeof args>> = {
  schema: {
    type: 'function',
    function: {
      name: 'think',
      description:
        'Writes down a thought: reasoning about the problem, a plan, or a list of hypotheses to check. ' +
        'It changes nothing in the repository and runs nothing; use it when thinking things through helps.',
      parameters: {
        type: 'object',
        properties: { thought: { type: 'string', description: 'The thought to write down.' } },
        required: ['thought'],
      },
    },
  },
  args,
  run: async () => ({ observation: 'Your thought has been recorded.', exitCode: null }),
};
