import { z } from 'zod';
import type { FormatName } from '../../agent/formats.js';
import type { AgentLimits } from '../../agent/config.js';
import type { PromptTemplates } from '../../agent/template.js';
import type { Pricing } from '../../llm/ledger.js';
import type { ChatClient } from '../../llm/types.js';
import type { ProviderName } from '../../sandbox/index.js';
import { TaskInstance } from '../../schema/instance.js';
import type { SamplingParams } from '../../schema/trajectory.js';
import type { TaskSandboxOptions } from '../../tasks/task-sandboxes.js';

/** One rollout to do: sample number `sample` (0-based) of `instance`. */
export const TrajgenItem = z.object({ instance: TaskInstance, sample: z.number().int().nonnegative() });
export type TrajgenItem = z.infer<typeof TrajgenItem>;

/** Who acts: a model behind an endpoint, or the replayed gold patch. */
export type PolicyName = 'model' | 'gold';

/** Everything that decides a trajectory; it makes up the config hash, so changing any of it re-runs. */
export interface TrajgenConfig {
  policy: PolicyName;
  /** The model name requests ask for (`gold` for the gold policy). */
  model: string;
  /** The model endpoint's base URL without credentials (model policy): another server is another config. */
  endpoint?: string;
  format: FormatName;
  /** A `seed` here is the first sample's; sample n gets seed + n. */
  sampling: SamplingParams;
  stream: boolean;
  limits: AgentLimits;
  /** Default time limit of a shell command, in seconds. */
  commandTimeoutSec: number;
  prompts: PromptTemplates;
  pricing: Pricing;
  sandbox: ProviderName;
  /** Time limit of the judge's test run. */
  testTimeoutMs: number;
  scope: 'test_files' | 'all';
  /** Revert the final patch's edits to test infrastructure before the judge's tests run (default on). */
  protectTestInfra: boolean;
  tasks: Omit<TaskSandboxOptions, 'provider'>;
}

/** What a rollout needs besides its config, never hashed nor written anywhere: the client and the secrets. */
export interface TrajgenRuntime {
  /** The model client (required for the model policy). */
  client?: ChatClient;
  /** Values that must never appear in an artifact or log (API keys). */
  secrets: string[];
  /** Environment variable names kept out of the agent's shell, beside the secret-looking ones. */
  secretNames: string[];
}
