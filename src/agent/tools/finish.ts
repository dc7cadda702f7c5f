import { z } from 'zod';
import type { Tool } from './types.js';

const args = z.object({ message: z.string() });

/** `finish`: ends the rollout; the workspace as it stands is the answer. */
export const finish: Tool<z.infer<typeof args>> = {
  schema: {
    type: 'function',
    function: {
      name: 'finish',
      description:
        'Ends the task. Call it once the issue is resolved, or when you cannot make further progress. ' +
        'The repository as it stands is your answer.',
      parameters: {
        type: 'object',
        properties: {
          message: {
            type: 'string',
            description: 'A short summary of what you changed and why, or why you stopped.',
          },
        },
        required: ['message'],
      },
    },
  },
  args,
  run: async () => ({ observation: '', exitCode: null, finished: true }),
};
