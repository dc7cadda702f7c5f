import type { Trajectory } from '../../../schema/trajectory.js';
import type { ExportContext } from '../../sft/exporters/types.js';
import type { SftSample } from '../../../schema/sft.js';
import { alternatingText } from '../../sft/text-format.js';
import { verifierAnswers } from '../../sft/verifier.js';
import type { VerifierFormat } from './types.js';

/** The conversation as the text function-call format shows it to the policy (what `sft build` exports). */
function textConversation(trajectory: Trajectory, context: ExportContext) {
  const sample: Pick<SftSample, 'format' | 'tools' | 'messages'> = {
    format: trajectory.format,
    tools: trajectory.tools,
    messages: trajectory.messages.map((message) => ({
      ...message,
      content: message.content ?? '',
      weight: 0,
      error_reason: null,
    })),
  };
  return alternatingText(sample as SftSample, context);
}

/** Every message of the trajectory, whole, as `[ROLE]` … `[/ROLE]` blocks. */
export function interactionLog(trajectory: Trajectory, context: ExportContext): string {
  return textConversation(trajectory, context)
    .map(({ role, content }) => `[${role.toUpperCase()}]\n${content}\n[/${role.toUpperCase()}]`)
    .join('\n\n');
}

/**
 * SWE-Lego's verifier layout: a system message, then one user message with the whole interaction log in
 * role-tagged blocks and the final patch in a `[PATCH]` block; the answer is `<judgement>YES</judgement>`
 * or `<judgement>NO</judgement>`, scored by the max rule after a prefilled `<judgement>`.
 */
export const sweLego: VerifierFormat = {
  templateFile: 'verifier-swe-lego.md',
  systemFile: 'verifier-swe-lego-system.md',
  values: (trajectory, prompt) => ({
    interaction_log: interactionLog(trajectory, prompt.textFormat),
    // As SWE-Lego's converter writes it: the patch unchanged (a trailing newline leaves a blank line before
    // `[/PATCH]`), and a fixed line when there is none.
    patch: trajectory.patch === '' ? 'No patch generated' : trajectory.patch,
  }),
  answer: (yes) => `<judgement>${yes ? verifierAnswers.yes : verifierAnswers.no}</judgement>`,
  answerTag: '<judgement>',
  rule: 'max',
};
