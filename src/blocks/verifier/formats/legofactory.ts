import { issueOf, verifierAnswers, verifierValues } from '../../sft/verifier.js';
import type { VerifierFormat } from './types.js';

/** LegoFactory's format: one markdown user message (issue, condensed steps, patch), a bare YES or NO. */
export const legofactory: VerifierFormat = {
  templateFile: 'verifier.md',
  systemFile: null,
  values: (trajectory, prompt) =>
    verifierValues(
      { issue: issueOf(trajectory), messages: trajectory.messages, patch: trajectory.patch },
      prompt.condense,
    ),
  answer: (yes) => (yes ? verifierAnswers.yes : verifierAnswers.no),
  answerTag: '',
  rule: 'sum',
};
