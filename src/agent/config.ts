import type { UsageLedger } from '../llm/ledger.js';
import type { SamplingParams } from '../schema/trajectory.js';
import type { AgentFormat } from './formats.js';
import type { Policy } from './policies/types.js';
import type { ToolContext } from './tools/index.js';

/** When a rollout stops besides `finish`. Unset budgets are unlimited. */
export interface AgentLimits {
  maxSteps: number;
  maxTotalTokens?: number;
  maxCostUsd?: number;
  maxWallMs?: number;
}

/** Everything one rollout needs: the policy and its tools, the prompts, sampling, budgets and ledger. */
export interface AgentRunInput {
  policy: Policy;
  format: AgentFormat;
  tools: ToolContext;
  /** The full system prompt and first user message, as the model sees them. */
  systemPrompt: string;
  instancePrompt: string;
  /** The user message after a reply with no call. */
  continuePrompt: string;
  sampling: SamplingParams;
  limits: AgentLimits;
  ledger: UsageLedger;
  signal: AbortSignal;
  /** Applied to everything that enters the conversation, so secrets never reach the model or a record. */
  redact: (text: string) => string;
  log: (line: string) => void;
}
