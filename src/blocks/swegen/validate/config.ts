import type { ProviderName } from '../../../sandbox/index.js';
import type { TaskSandboxOptions } from '../../../tasks/task-sandboxes.js';

/** Settings that decide a validation's result; they make up the config hash. */
export interface ValidateConfig {
  sandbox: ProviderName;
  /** How many NOP and how many Oracle runs each candidate gets. */
  runs: number;
  timeoutMs: number;
  tasks: Omit<TaskSandboxOptions, 'provider'>;
}
