import type { ProviderName } from '../../../../sandbox/index.js';
import type { TaskSandboxOptions } from '../../../../tasks/task-sandboxes.js';
import type { ModelSettings } from '../generate/config.js';

/** Settings that decide a probe's result; they make up the config hash. */
export interface ProbeConfig {
  sandbox: ProviderName;
  timeoutMs: number;
  tasks: Omit<TaskSandboxOptions, 'provider'>;
  /** The statement writer's model and prompt; null writes statements from the test evidence only. */
  writer: { model: ModelSettings; prompt: string } | null;
}
