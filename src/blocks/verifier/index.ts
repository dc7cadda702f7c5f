import type { Block } from '../../block.js';
import { LegoError } from '../../errors.js';
import { classifyModelError, type ModelError } from '../../llm/errors.js';
import { UsageLedger, type Pricing } from '../../llm/ledger.js';
import { attemptsOf } from '../../llm/retry.js';
import { Trajectory } from '../../schema/trajectory.js';
import { VerifierScore } from '../../schema/verifier.js';
import type { VerifierClient } from './client.js';
import {
  verifierFormats,
  verifierMessages,
  type VerifierFormatName,
  type VerifierPromptText,
} from './formats/index.js';
import { scoreReply, type ScoreRule } from './logprobs.js';
import { judgeWithPrefill } from './prefill.js';

/** Everything a score depends on; it makes up the config hash, so changing any of it re-scores. */
export interface VerifierConfig {
  model: string;
  /** The endpoint's base URL without credentials: scores from another server are not done. */
  endpoint: string;
  maxTokens: number;
  topLogprobs: number;
  format: VerifierFormatName;
  prompt: VerifierPromptText;
  rule: ScoreRule;
  /** Send the format's answer tag as a prefilled assistant turn (formats with a tag). */
  prefill: boolean;
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
  const prefillMemory = { refused: false };
  return {
    name: 'scores',
    version: '1',
    input: Trajectory,
    output: VerifierScore,
    key: (trajectory) => trajectory.trajectory_id,
    async run(trajectory, ctx) {
      const started = performance.now();
      const ledger = new UsageLedger(runtime.pricing);
      const { format, prompt, rule } = ctx.config;
      const tag = verifierFormats[format].answerTag;
      const request = {
        messages: verifierMessages(format, trajectory, prompt),
        maxTokens: ctx.config.maxTokens,
        topLogprobs: ctx.config.topLogprobs,
        ...(ctx.config.prefill && tag ? { prefill: tag } : {}),
      };
      let judged;
      try {
        judged = await judgeWithPrefill(runtime.client, request, prefillMemory, ctx.signal);
      } catch (err) {
        throw callFailure(classifyModelError(err), attemptsOf(err));
      }
      const { reply, prefilled } = judged;
      ledger.record({ ...reply.usage, attempts: reply.attempts, latencyMs: reply.latencyMs });
      const score = scoreReply(reply.content, reply.logprobs, { tag, prefilled, rule });
      ctx.log(`${score.score_source}: ${score.answer ?? '-'} ${score.score ?? '-'}`);
      return {
        trajectory_id: trajectory.trajectory_id,
        instance_id: trajectory.instance_id,
        sample: trajectory.sample,
        ...score,
        ...(tag ? { prefilled: prefilled !== '' } : {}),
        reply: (prefilled + reply.content).slice(0, replyChars),
        model: ctx.config.model,
        usage: ledger.usage(),
        duration_ms: Math.round(performance.now() - started),
      };
    },
  };
}
