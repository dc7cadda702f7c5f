import type { SetupAgentRecord } from '../../schema/env-ledger.js';
import type { Repair } from '../repair/diagnose.js';
import type { Failure } from '../repair/rule.js';

/** What the setup agent made of a failure: a repaired spec, or why it stopped; its record goes into the ledger. */
export interface AgentOutcome {
  /** The spec it proposes (rule `setup-agent`), tried by the next attempt; absent when it stopped without one. */
  repair?: Repair;
  record: SetupAgentRecord;
  /** Why the loop stops here, for a person (when there is no repair). */
  stop?: string;
}

/** The loop's fallback after the rules: given a failure no rule repairs, a spec to try next. */
export type AgentRepair = (failure: Failure) => Promise<AgentOutcome>;

/** The rule name the agent's repairs carry in the ledger. */
export const SETUP_AGENT_RULE = 'setup-agent';
