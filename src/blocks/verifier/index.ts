import type { Block } from '../../block.js';
import { LegoError } from '../../errors.js';
import { classifyModelError, type ModelError } from '../../llm/errors.js';
import { UsageLedger, type Pricing } from '../../llm/ledger.js';
import { attemptsOf } from '../../llm/retry.js';
import { Trajectory } from '../../schema/trajectory.js';
import { VerifierScore } from '../../schema/verifier.js';
import type { VerifierClient } from './client.js';
import { scoreReply } from './logprobs.js';
import { verifierPrompt, type VerifierPromptConfig } from './prompt.js';

/** Everything a score depends on; it makes up the config hash, so changing any of it re-scores. */
export interface VerifierConfig extends VerifierPromptConfig {
  model: string;
  /** The endpoint's base URL without credentials: scores from another server are not done. */
  endpoint: string;
  maxTokens: number;
  topLogprobs: number;
}

/** What scoring needs besides its config, never hashed: the client and the prices. */
export interface VerifierRuntime {
  client: VerifierClient;
  pricing: Pricing;
}

const replyChars = 2000;

/** A failed call as the runner records it: refusals of the prompt are bad input, the rest say what broke. */
function callFailure(error: ModelError, attempts: number): LegoError {
  const message = `the verifier call failed after ${attempts} attempt(s) (${error.kind}): ${error.message}`;
  if (error.kind === 'aborted') return new LegoError('interrupted', message);
  if (error.kind === 'bad_request' || error.kind === 'context_overflow')
    return new LegoError('bad_input', message);
  return new LegoError('internal', message);
}

/** The scoring block: one judged trajectory in, one verifier score out (`<run dir>/scores.jsonl`). */
export function createVerifierBlock(
  runtime: VerifierRuntime,
): Block<Trajectory, VerifierScore, VerifierConfig> {
  return {
    name: 'scores',
    version: '1',
    input: Trajectory,
    output: VerifierScore,
    key: (trajectory) => trajectory.trajectory_id,
    async run(trajectory, ctx) {
      const started = performance.now();
      const ledger = new UsageLedger(runtime.pricing);
      const messages = verifierPrompt(trajectory, ctx.config);
      let reply;
      try {
        reply = await runtime.client.judge(
          { messages, maxTokens: ctx.config.maxTokens, topLogprobs: ctx.config.topLogprobs },
          ctx.signal,
        );
      } catch (err) {
        throw callFailure(classifyModelError(err), attemptsOf(err));
      }
      ledger.record({ ...reply.usage, attempts: reply.attempts, latencyMs: reply.latencyMs });
      const score = scoreReply(reply.content, reply.logprobs);
      ctx.log(`${score.score_source}: ${score.answer ?? '-'} ${score.score ?? '-'}`);
      return {
        trajectory_id: trajectory.trajectory_id,
        instance_id: trajectory.instance_id,
        sample: trajectory.sample,
        ...score,
        reply: reply.content.slice(0, replyChars),
        model: ctx.config.model,
        usage: ledger.usage(),
        duration_ms: Math.round(performance.now() - started),
      };
    },
  };
}
