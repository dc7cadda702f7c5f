import type { FormatName } from '../../agent/formats.js';
import type { Pricing } from '../../llm/ledger.js';

/**
 * The LLM setup agent's settings: plain JSON, part of the sandboxes' config (so another model is another
 * config). The API key is not here: it is read from the variable `apiKeyEnv` names when the client is made.
 */
export interface SetupAgentConfig {
  /** OpenAI-compatible base URL (vLLM, SGLang, OpenAI). */
  baseUrl: string;
  model: string;
  /** The environment variable holding the API key; endpoints without auth need none. */
  apiKeyEnv?: string;
  format: FormatName;
  /** Replies (turns) per agent run; the run stops at this many. */
  maxSteps: number;
  /** Tokens (prompt + completion) per agent run. */
  maxTotalTokens: number;
  /** The same tool call this many times in a row ends the run as `looping`. */
  maxRepeats: number;
  /** Time limit of one shell command, in seconds. */
  commandTimeoutSec: number;
  pricing: Pricing;
}

export const setupAgentDefaults = {
  format: 'native',
  maxSteps: 30,
  maxTotalTokens: 400_000,
  maxRepeats: 3,
  commandTimeoutSec: 600,
  pricing: { inputPerMTok: 0, outputPerMTok: 0 },
} satisfies Omit<SetupAgentConfig, 'baseUrl' | 'model'>;
