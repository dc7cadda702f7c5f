import { createChatClient } from '../../llm/client.js';
import type { ChatClient } from '../../llm/types.js';
import { LegoError } from '../../errors.js';
import type { Sandbox } from '../../sandbox/sandbox.js';
import type { EnvSpec } from '../../schema/env.js';
import type { SetupAgentConfig } from './config.js';
import type { AgentRepair } from './hook.js';
import { runSetupAgent } from './setup-agent.js';

export interface SetupAgentRuntime {
  /** Opens a sandbox on a fresh checkout at the commit, with the network on, for the failed spec. */
  open(spec: EnvSpec): Promise<{ sandbox: Sandbox; close(): Promise<void> }>;
  log: (line: string) => void;
  /** The environment the API key variable is read from. */
  env: NodeJS.ProcessEnv;
  /** A client to use instead of one made from the config (tests). */
  client?: ChatClient;
}

function apiKeyOf(config: SetupAgentConfig, env: NodeJS.ProcessEnv): string | undefined {
  if (config.apiKeyEnv === undefined) return undefined;
  const key = env[config.apiKeyEnv];
  if (!key)
    throw new LegoError(
      'bad_input',
      `--agent-api-key-env ${config.apiKeyEnv}: that environment variable is empty`,
    );
  return key;
}

/** The construction loop's fallback: the setup agent behind `config`'s endpoint, run on each failure it gets. */
export function setupAgentRepair(config: SetupAgentConfig, runtime: SetupAgentRuntime): AgentRepair {
  const apiKey = apiKeyOf(config, runtime.env);
  const client =
    runtime.client ??
    createChatClient({ baseUrl: config.baseUrl, model: config.model, ...(apiKey ? { apiKey } : {}) });
  return (failure) =>
    runSetupAgent({
      config,
      client,
      failure,
      open: () => runtime.open(failure.spec),
      secrets: apiKey ? [apiKey] : [],
      secretNames: config.apiKeyEnv ? [config.apiKeyEnv] : [],
      log: runtime.log,
    });
}
