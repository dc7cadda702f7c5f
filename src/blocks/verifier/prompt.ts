import { LegoError } from '../../errors.js';
import type { Trajectory } from '../../schema/trajectory.js';
import {
  defaultCondense,
  issueOf,
  loadVerifierTemplate,
  renderVerifierPrompt,
  type CondenseOptions,
} from '../sft/verifier.js';
import type { PromptMessage } from './client.js';

export { defaultCondense, loadVerifierTemplate, type CondenseOptions };

/** The prompt settings a score depends on: the template text and how the trajectory is condensed. */
export interface VerifierPromptConfig {
  template: string;
  condense: CondenseOptions;
}

/** The verifier prompt of a trajectory, rendered by the same template and renderer `sft build --verifier` uses. */
export function verifierPrompt(trajectory: Trajectory, config: VerifierPromptConfig): PromptMessage[] {
  const input = { issue: issueOf(trajectory), messages: trajectory.messages, patch: trajectory.patch };
  return renderVerifierPrompt(input, config.template, config.condense).map((message) => {
    if (message.role !== 'system' && message.role !== 'user')
      throw new LegoError('internal', `the verifier renderer produced a ${message.role} message`);
    return { role: message.role, content: message.content };
  });
}
