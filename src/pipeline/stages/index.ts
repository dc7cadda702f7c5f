import { evalTts } from './eval-tts.js';
import { evalStage } from './eval.js';
import { sftBuild } from './sft-build.js';
import { sftTrain } from './sft-train.js';
import { swegenMine } from './swegen-mine.js';
import { swegenSynth } from './swegen-synth.js';
import { swegenValidate } from './swegen-validate.js';
import { trajgenRollout } from './trajgen-rollout.js';
import type { StageKind } from './types.js';
import { verifierScore } from './verifier-score.js';

/** Every kind of stage a pipeline file can name in `block`. */
export const stageKinds = {
  'swegen-mine': swegenMine,
  'swegen-synth': swegenSynth,
  'swegen-validate': swegenValidate,
  'trajgen-rollout': trajgenRollout,
  'sft-build': sftBuild,
  'sft-train': sftTrain,
  'verifier-score': verifierScore,
  'eval-tts': evalTts,
  eval: evalStage,
} satisfies Record<string, StageKind>;
export type StageKindName = keyof typeof stageKinds;
export const stageKindNames = Object.keys(stageKinds) as StageKindName[];
