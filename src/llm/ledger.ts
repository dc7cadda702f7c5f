import type { TrajectoryUsage } from '../schema/trajectory.js';
import type { TokenUsage } from './types.js';

/** Prices in US dollars per million tokens; zero when unknown (self-hosted models). */
export interface Pricing {
  inputPerMTok: number;
  outputPerMTok: number;
}

export const freePricing: Pricing = { inputPerMTok: 0, outputPerMTok: 0 };

/** What one model call used. */
export interface CallUsage extends TokenUsage {
  attempts: number;
  latencyMs: number;
}

/** The cost of `usage` under `pricing`, in US dollars. */
export function costOf(usage: TokenUsage, pricing: Pricing): number {
  return (usage.prompt_tokens * pricing.inputPerMTok + usage.completion_tokens * pricing.outputPerMTok) / 1e6;
}

/** Usage of no model call at all. */
export function noUsage(): TrajectoryUsage {
  return {
    prompt_tokens: 0,
    completion_tokens: 0,
    total_tokens: 0,
    cost_usd: 0,
    model_calls: 0,
    retries: 0,
    model_ms: 0,
  };
}

/** Adds up the usage and cost of a rollout's model calls, retries included. */
export class UsageLedger {
  private readonly totals = noUsage();

  constructor(private readonly pricing: Pricing = freePricing) {}

  /** Records one call (successful or not: failed attempts still count as calls and retries). */
  record(call: CallUsage): void {
    const t = this.totals;
    t.prompt_tokens += call.prompt_tokens;
    t.completion_tokens += call.completion_tokens;
    t.total_tokens = t.prompt_tokens + t.completion_tokens;
    t.cost_usd += costOf(call, this.pricing);
    t.model_calls += 1;
    t.retries += Math.max(0, call.attempts - 1);
    t.model_ms += call.latencyMs;
  }

  usage(): TrajectoryUsage {
    return { ...this.totals, model_ms: Math.round(this.totals.model_ms) };
  }
}

/** Sums trajectory usages (a run's ledger). */
export function sumUsage(usages: Iterable<TrajectoryUsage>): TrajectoryUsage {
  const sum = noUsage();
  for (const usage of usages)
    for (const key of Object.keys(sum) as (keyof TrajectoryUsage)[]) sum[key] += usage[key];
  return sum;
}
