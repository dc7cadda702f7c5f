import { loadMineRules } from '../blocks/swegen/rules.js';
import type { SynthRunOptions } from '../blocks/swegen/synth/run-synth.js';
import type { TransformName } from '../blocks/swegen/synth/transforms/index.js';
import { hostPipIndexes } from '../env/pip-options.js';
import { LegoError } from '../errors.js';
import type { SynthStrategy } from '../schema/synth.js';
import { abortOnSigint, type TaskFlags } from './options.js';

/** The flags of `legofactory swegen synth`, as commander parses them. */
export interface SynthFlags extends TaskFlags {
  commit?: string;
  strategies: SynthStrategy[];
  transforms?: TransformName[];
  max: number;
  seed: number;
  baseUrl?: string;
  model?: string;
  apiKeyEnv?: string;
  priceInput: number;
  priceOutput: number;
  prompts?: string;
  statements: 'model' | 'tests';
  out: string;
  validate?: boolean;
  instances?: string;
  runs: number;
  combineFrom?: string;
  coverage: boolean;
  rules?: string;
  timeout: number;
  workers: number;
  runDir?: string;
  redo?: boolean;
  json?: boolean;
}

/** A comma-separated list of allowed names. */
export const listOf =
  <T extends string>(allowed: readonly T[], what: string) =>
  (value: string): T[] => {
    const items = value
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean);
    const unknown = items.filter((item) => !allowed.includes(item as T));
    if (unknown.length > 0 || items.length === 0)
      throw new LegoError(
        'bad_input',
        `unknown ${what} "${unknown.join(', ')}"; choose from ${allowed.join(', ')}`,
      );
    return items as T[];
  };

const stem = (path: string) => path.replace(/\.jsonl?$/, '');

function modelOptions(flags: SynthFlags, env: NodeJS.ProcessEnv): SynthRunOptions['model'] {
  if (!flags.baseUrl && !flags.model) return undefined;
  if (!flags.baseUrl || !flags.model)
    throw new LegoError('bad_input', 'a model endpoint needs both --base-url URL and --model NAME');
  const apiKey = flags.apiKeyEnv ? env[flags.apiKeyEnv] : undefined;
  if (flags.apiKeyEnv && !apiKey)
    throw new LegoError('bad_input', `--api-key-env ${flags.apiKeyEnv}: that environment variable is empty`);
  return {
    baseUrl: flags.baseUrl,
    model: flags.model,
    ...(apiKey ? { apiKey } : {}),
    pricing: { inputPerMTok: flags.priceInput, outputPerMTok: flags.priceOutput },
  };
}

/** Turns the flags into synthesis options (reading the API key variable and the host's pip indexes). */
export async function synthOptions(flags: SynthFlags, env: NodeJS.ProcessEnv): Promise<SynthRunOptions> {
  const model = modelOptions(flags, env);
  return {
    repos: flags.repo,
    ...(flags.commit ? { commit: flags.commit } : {}),
    outPath: flags.out,
    runDir: flags.runDir ?? `${stem(flags.out)}.run`,
    strategies: flags.strategies,
    max: flags.max,
    seed: flags.seed,
    ...(flags.transforms ? { transforms: flags.transforms } : {}),
    ...(flags.rules ? { rules: await loadMineRules(flags.rules) } : {}),
    ...(model ? { model } : {}),
    ...(flags.prompts ? { promptDir: flags.prompts } : {}),
    statementsFromTests: flags.statements === 'tests',
    coverage: flags.coverage,
    sandbox: flags.sandbox,
    timeoutMs: flags.timeout * 1000,
    tasks: {
      cacheDir: flags.cache,
      repos: flags.repo,
      envOverrides: flags.env,
      history: flags.history,
      runId: 'swegen-synth',
      pip: await hostPipIndexes(),
      ...(flags.baseImage ? { baseImage: flags.baseImage } : {}),
    },
    ...(flags.validate
      ? { validate: { runs: flags.runs, outPath: flags.instances ?? `${stem(flags.out)}.instances.jsonl` } }
      : {}),
    ...(flags.combineFrom ? { combineFrom: flags.combineFrom } : {}),
    workers: flags.workers,
    redo: flags.redo ?? false,
    signal: abortOnSigint(),
    progress: flags.json ? 'off' : 'auto',
  };
}
