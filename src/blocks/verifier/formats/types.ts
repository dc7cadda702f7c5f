import type { Trajectory } from '../../../schema/trajectory.js';
import type { ExportContext } from '../../sft/exporters/types.js';
import type { CondenseOptions } from '../../sft/verifier.js';
import type { ScoreRule } from '../logprobs.js';

/** The prompt text a format renders with; part of the scoring config, so editing any of it re-scores. */
export interface VerifierPromptText {
  /** The user message's template. */
  template: string;
  /** The system message; null sends none. */
  system: string | null;
  /** How much of the trajectory a condensing format keeps. */
  condense: CondenseOptions;
  /** How a log shows native tools and calls in the text function-call format (as `sft build` exports them). */
  textFormat: ExportContext;
}

/**
 * A verifier format: how a trajectory becomes the verifier's messages (training rows and scoring requests
 * both come from `values` through one renderer), what the trained answer is, and how a score is read.
 */
export interface VerifierFormat {
  /** The shipped user-message template, under `src/blocks/sft/prompts/`. */
  templateFile: string;
  /** The shipped system prompt there; null: no system message unless one is given. */
  systemFile: string | null;
  /** The user-message template's placeholder values for one trajectory. */
  values(trajectory: Trajectory, prompt: VerifierPromptText): Record<string, string>;
  /** The reply a training row carries for a resolved (`true`) or unresolved trajectory. */
  answer(yes: boolean): string;
  /** The answer's opening (prefilled when scoring, the score read after it); empty for a bare word. */
  answerTag: string;
  /** How spellings of YES and NO combine when no rule is asked for. */
  rule: ScoreRule;
}
