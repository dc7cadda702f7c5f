import { formats } from '../../agent/formats.js';
import { runAgent, type AgentRun } from '../../agent/loop.js';
import { modelPolicy } from '../../agent/policies/model.js';
import { redactor } from '../../agent/redact.js';
import { EditorHistory, ShellSession } from '../../agent/tools/index.js';
import { UsageLedger } from '../../llm/ledger.js';
import type { ChatClient } from '../../llm/types.js';
import type { Sandbox } from '../../sandbox/sandbox.js';
import type { SetupAgentRecord } from '../../schema/env-ledger.js';
import { firstErrorLine } from '../construct-log.js';
import type { Failure } from '../repair/rule.js';
import type { SetupAgentConfig } from './config.js';
import { SETUP_AGENT_RULE, type AgentOutcome } from './hook.js';
import { setupPrompts } from './prompts.js';
import { guardRepeats, RepeatedCall } from './repeat-guard.js';
import { readSpecFile, writeSpecFile } from './spec-file.js';

export interface SetupAgentInput {
  config: SetupAgentConfig;
  client: ChatClient;
  failure: Failure;
  /** Opens a sandbox on a fresh checkout at the commit, with the network on. */
  open(): Promise<{ sandbox: Sandbox; close(): Promise<void> }>;
  /** Values that must never reach the model or the ledger (the API key). */
  secrets: string[];
  secretNames: string[];
  log: (line: string) => void;
  signal?: AbortSignal;
}

type Ended = { status: string; message: string; spec?: AgentOutcome['repair'] };

function statusMessage(config: SetupAgentConfig, run: AgentRun): string {
  if (run.status === 'max_steps')
    return `it used its ${config.maxSteps} steps without finishing (raise --agent-max-steps)`;
  if (run.status === 'token_budget')
    return `it used its budget of ${config.maxTotalTokens} tokens (raise --agent-max-tokens)`;
  return `it stopped with ${run.status}${run.failure ? `: ${run.failure.message}` : ''}`;
}

/**
 * The LLM setup agent: the trajgen agent loop and tools in a sandbox with the network on, asked to write
 * the install steps, test command and variables that make `failure`'s spec work. Its spec is only a
 * proposal: the construction loop builds and checks it like any repair. A run that repeats a call, runs
 * out of steps or tokens, or leaves no usable spec ends with a reason and no repair.
 */
export async function runSetupAgent(input: SetupAgentInput): Promise<AgentOutcome> {
  const { config, client, failure } = input;
  const ledger = new UsageLedger(config.pricing);
  const format = formats[config.format];
  const policy = guardRepeats(modelPolicy(client), format, config.maxRepeats);
  const redact = redactor(input.secrets);
  const { sandbox, close } = await input.open();
  let shell: ShellSession | undefined;
  let ended: Ended;
  try {
    await writeSpecFile(sandbox, failure.spec);
    shell = await ShellSession.start(sandbox, { secretNames: input.secretNames });
    const prompts = setupPrompts(format, failure, sandbox.workdir);
    const run = await runAgent({
      policy,
      format,
      tools: {
        sandbox,
        shell,
        editorHistory: new EditorHistory(),
        commandTimeoutSec: config.commandTimeoutSec,
      },
      systemPrompt: prompts.system,
      instancePrompt: prompts.instance,
      continuePrompt: prompts.continue,
      sampling: {},
      limits: { maxSteps: config.maxSteps, maxTotalTokens: config.maxTotalTokens },
      ledger,
      signal: input.signal ?? new AbortController().signal,
      redact,
      log: (line) => input.log(redact(line)),
    }).catch((err: unknown) => {
      if (!(err instanceof RepeatedCall)) throw err;
      ledger.record({
        ...err.reply.reply.usage,
        attempts: err.reply.attempts,
        latencyMs: err.reply.latencyMs,
      });
      return err;
    });
    ended = await outcomeOf(run, input, sandbox);
  } finally {
    await shell?.close();
    await close();
  }
  const usage = ledger.usage();
  const record: SetupAgentRecord = {
    model: config.model,
    endpoint: config.baseUrl,
    status: ended.status,
    steps: policy.replies,
    prompt_tokens: usage.prompt_tokens,
    completion_tokens: usage.completion_tokens,
    total_tokens: usage.total_tokens,
    cost_usd: usage.cost_usd,
    message: redact(ended.message),
  };
  input.log(
    `setup agent (${config.model}): ${record.status} after ${record.steps} step(s); ${record.message}`,
  );
  if (ended.spec) return { repair: ended.spec, record };
  return {
    record,
    stop: `the setup agent (${config.model}) gave no spec after ${record.steps} step(s): ${record.message}`,
  };
}

async function outcomeOf(
  run: AgentRun | RepeatedCall,
  input: SetupAgentInput,
  sandbox: Sandbox,
): Promise<Ended> {
  if (run instanceof RepeatedCall)
    return { status: 'looping', message: `it made ${run.message} and was stopped` };
  if (run.status !== 'finished') return { status: run.status, message: statusMessage(input.config, run) };
  const read = await readSpecFile(sandbox, input.failure.spec);
  if ('problem' in read) return { status: 'no_spec', message: `it finished, but ${read.problem}` };
  const match = { line: firstErrorLine(input.failure.log), subject: input.config.model };
  return {
    status: 'proposed',
    message: 'it wrote a spec; the check decides',
    spec: { rule: SETUP_AGENT_RULE, match, spec: read.spec },
  };
}
