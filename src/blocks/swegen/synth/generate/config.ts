import { z } from 'zod';
import type { Pricing } from '../../../../llm/ledger.js';
import type { HistoryMode } from '../../../../repos/history.js';
import type { ProviderName } from '../../../../sandbox/index.js';
import type { SynthStrategy } from '../../../../schema/synth.js';
import type { SamplingParams } from '../../../../schema/trajectory.js';
import type { TaskSandboxOptions } from '../../../../tasks/task-sandboxes.js';
import type { MineRules } from '../../rules.js';
import type { SynthPrompts } from '../lm/prompts.js';
import type { TransformName } from '../transforms/index.js';

/** One repository at one commit to make bugs in. */
export const SynthItem = z.object({
  repo: z.string().regex(/^[\w.-]+\/[\w.-]+$/, 'expected "owner/name"'),
  /** Local path (bare or not) or URL. */
  source: z.string().min(1),
  /** A commit, branch or tag; the default branch's head when absent. */
  commit: z.string().min(1).default('HEAD'),
});
export type SynthItem = z.infer<typeof SynthItem>;

/** The strategies that make bugs from a repository (combine works from validated instances instead). */
export type GenerationStrategy = Exclude<SynthStrategy, 'combine'>;

/** A model endpoint as the config records it: everything but the API key. */
export interface ModelSettings {
  baseUrl: string;
  model: string;
  sampling: SamplingParams;
  pricing: Pricing;
}

/** Settings that decide which bugs generation makes; they make up the config hash. */
export interface SynthConfig {
  cacheDir: string;
  /** How much history the checkout fetches; not part of what a result is (see docs/environments.md). */
  history?: HistoryMode;
  strategies: GenerationStrategy[];
  /** The most bugs per strategy (model strategies: the most functions asked about). */
  max: number;
  seed: number;
  rules: MineRules;
  envOverrides: Record<string, string>;
  /** Procedural transforms to use; all when absent. */
  transforms?: TransformName[];
  model: ModelSettings | null;
  prompts: SynthPrompts | null;
  /** Where the suite runs once to record which functions it calls; null: test files' names only. */
  coverage: { sandbox: ProviderName; timeoutMs: number; tasks: Omit<TaskSandboxOptions, 'provider'> } | null;
  /** Model calls in flight at once. */
  modelConcurrency: number;
}
