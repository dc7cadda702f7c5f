import { hostPipIndexes } from '../env/pip-options.js';
import type { TaskSandboxOptions } from '../tasks/task-sandboxes.js';
import { envAgentOptions, type EnvAgentFlags } from './env-agent-flags.js';
import type { TaskFlags } from './options.js';

/** The flags of `env check`. */
export interface EnvCheckFlags extends TaskFlags, EnvAgentFlags {
  commit?: string;
  instances?: string;
  timeout: number;
  buildTimeout: number;
  attempts: number;
}

/** The sandboxes `env check` builds and checks environments in, from its flags. */
export async function envCheckSandboxOptions(flags: EnvCheckFlags): Promise<TaskSandboxOptions> {
  return {
    provider: flags.sandbox,
    cacheDir: flags.cache,
    repos: flags.repo,
    envOverrides: flags.env,
    history: flags.history,
    runId: 'env-check',
    pip: await hostPipIndexes(),
    checkTimeoutMs: flags.timeout * 1000,
    buildTimeoutMs: flags.buildTimeout * 1000,
    envAttempts: flags.attempts,
    ...(flags.baseImage ? { baseImage: flags.baseImage } : {}),
    ...envAgentOptions(flags, process.env),
  };
}
