import type { ChatReply, ChatRequest } from '../../llm/types.js';

/** One reply of a policy, with what producing it cost. */
export interface PolicyReply {
  reply: ChatReply;
  attempts: number;
  latencyMs: number;
  /** False for replies no model produced (the gold policy): they add nothing to the usage ledger. */
  fromModel: boolean;
}

/** Who decides the agent's next step: a model behind an endpoint, or a scripted replay. */
export interface Policy {
  readonly kind: 'model' | 'gold';
  /** The model name recorded in trajectories (`gold` for the gold policy). */
  readonly model: string;
  /** The next reply given the conversation so far; model failures throw ModelError. */
  next(request: ChatRequest, signal: AbortSignal): Promise<PolicyReply>;
}
