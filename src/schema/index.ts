import { z } from 'zod';
import { EnvSpec } from './env.js';
import { EnvRecipeFile } from './env-recipe.js';
import { TaskInstance } from './instance.js';
import { Prediction } from './prediction.js';
import { EvalReport, EvalSummary } from './report.js';
import { TestRun } from './test-run.js';
import { Candidate, ValidationRecord, YieldLedger } from './swegen.js';
import { ProbeRecord, SynthBug, SynthResult } from './synth.js';
import { Trajectory } from './trajectory.js';
import { SftSample, SftStats } from './sft.js';
import { TtsMetrics } from './tts.js';
import { VerifierScore } from './verifier.js';

/** Every published record, by the name `legofactory schema <name>` takes. */
export const schemas = {
  instance: TaskInstance,
  env: EnvSpec,
  prediction: Prediction,
  'test-run': TestRun,
  report: EvalReport,
  summary: EvalSummary,
  candidate: Candidate,
  validation: ValidationRecord,
  'yield-ledger': YieldLedger,
  'synth-bug': SynthBug,
  'synth-result': SynthResult,
  'synth-probe': ProbeRecord,
  trajectory: Trajectory,
  'sft-sample': SftSample,
  'sft-stats': SftStats,
  'verifier-score': VerifierScore,
  'tts-metrics': TtsMetrics,
  'env-recipes': EnvRecipeFile,
} as const;
export type SchemaName = keyof typeof schemas;

export function jsonSchemaOf(name: SchemaName): Record<string, unknown> {
  return z.toJSONSchema(schemas[name], { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
}
