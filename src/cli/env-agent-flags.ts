import type { Command } from 'commander';
import { setupAgentDefaults, type SetupAgentConfig } from '../env/agent/config.js';
import { LegoError } from '../errors.js';
import { nonNegative, positiveInt } from './options.js';

/** The setup agent's flags, as commander parses them. */
export interface EnvAgentFlags {
  agentBaseUrl?: string;
  agentModel?: string;
  agentApiKeyEnv?: string;
  agentMaxSteps: number;
  agentMaxTokens: number;
  agentPriceInput: number;
  agentPriceOutput: number;
}

/** The flags of the LLM setup agent, on every command that builds environments; off unless an endpoint is given. */
export function addEnvAgentOptions(command: Command): Command {
  const d = setupAgentDefaults;
  return command
    .option(
      '--agent-base-url <url>',
      'OpenAI-compatible endpoint of the LLM setup agent, which repairs environments no rule fixes (off unless given)',
    )
    .option('--agent-model <name>', "the setup agent's model (with --agent-base-url)")
    .option('--agent-api-key-env <var>', "the environment variable holding the setup agent's API key")
    .option('--agent-max-steps <n>', 'turns per setup agent run', positiveInt, d.maxSteps)
    .option('--agent-max-tokens <n>', 'tokens per setup agent run', positiveInt, d.maxTotalTokens)
    .option('--agent-price-input <usd>', 'USD per million prompt tokens, for the ledger', nonNegative, 0)
    .option(
      '--agent-price-output <usd>',
      'USD per million completion tokens, for the ledger',
      nonNegative,
      0,
    );
}

/** `{ envAgent }` for the task sandboxes' options, or nothing when no endpoint is given. */
export function envAgentOptions(
  flags: EnvAgentFlags,
  env: NodeJS.ProcessEnv,
): { envAgent?: SetupAgentConfig } {
  const { agentBaseUrl: baseUrl, agentModel: model, agentApiKeyEnv: apiKeyEnv } = flags;
  if (baseUrl === undefined && model === undefined) return {};
  if (baseUrl === undefined || model === undefined)
    throw new LegoError('bad_input', 'the setup agent needs both --agent-base-url and --agent-model');
  if (apiKeyEnv !== undefined && !env[apiKeyEnv])
    throw new LegoError('bad_input', `--agent-api-key-env ${apiKeyEnv}: that environment variable is empty`);
  return {
    envAgent: {
      ...setupAgentDefaults,
      baseUrl,
      model,
      ...(apiKeyEnv !== undefined ? { apiKeyEnv } : {}),
      maxSteps: flags.agentMaxSteps,
      maxTotalTokens: flags.agentMaxTokens,
      pricing: { inputPerMTok: flags.agentPriceInput, outputPerMTok: flags.agentPriceOutput },
    },
  };
}
