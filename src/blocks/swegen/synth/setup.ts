import { MineRules } from '../rules.js';
import type { GenerationStrategy, SynthConfig } from './generate/config.js';
import { loadSynthPrompts } from './lm/prompts.js';
import { checkSynthOptions, modelOf, type SynthRunOptions } from './options.js';
import type { ProbeConfig } from './probe/index.js';
import type { StageOptions } from './stages.js';

/** The block configs and model client of one synthesis run. */
export type Setup = Awaited<ReturnType<typeof setUp>>;

/** Checks the options, reaches the model, reads the prompts, and derives both blocks' configs. */
export async function setUp(options: SynthRunOptions) {
  checkSynthOptions(options);
  const model = await modelOf(options);
  const prompts = model ? await loadSynthPrompts(options.promptDir) : null;
  const tasks = { ...options.tasks, repos: { ...options.tasks.repos, ...options.repos } };
  const generation = options.strategies.filter((s): s is GenerationStrategy => s !== 'combine');
  const synth: SynthConfig = {
    cacheDir: tasks.cacheDir,
    ...(tasks.history ? { history: tasks.history } : {}),
    strategies: generation,
    max: options.max,
    seed: options.seed,
    rules: MineRules.parse(options.rules ?? {}),
    envOverrides: tasks.envOverrides,
    ...(options.transforms ? { transforms: options.transforms } : {}),
    model: model && generation.some((s) => s !== 'procedural') ? model.settings : null,
    prompts: generation.some((s) => s !== 'procedural') ? prompts : null,
    coverage:
      options.coverage === false ? null : { sandbox: options.sandbox, timeoutMs: options.timeoutMs, tasks },
    modelConcurrency: options.modelConcurrency ?? 4,
  };
  const writer =
    model && prompts && !options.statementsFromTests
      ? { model: model.settings, prompt: prompts.statement }
      : null;
  const probe: ProbeConfig = { sandbox: options.sandbox, timeoutMs: options.timeoutMs, tasks, writer };
  const deps = model ? { client: model.client } : {};
  return { tasks, synth, probe, deps };
}

/** How this run's blocks run in `store`. */
export function stageOptions(options: SynthRunOptions, store: StageOptions['store']): StageOptions {
  return {
    store,
    workers: options.workers ?? 1,
    redo: options.redo ?? false,
    ...(options.configChange ? { configChange: options.configChange } : {}),
    progress: options.progress ?? 'auto',
    ...(options.signal ? { signal: options.signal } : {}),
  };
}
