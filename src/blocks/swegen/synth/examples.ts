import { join } from 'node:path';
import { buildExamplesCached } from '../../../examples/build.js';
import { defaultCacheDir } from '../../../cache-dir.js';
import type { PipOptions } from '../../../env/pip-options.js';
import type { ProgressMode } from '../../../progress.js';
import type { ProviderName } from '../../../sandbox/index.js';
import type { SynthStrategy } from '../../../schema/synth.js';
import { synthesize, type SynthModelOptions, type SynthRunResult } from './run-synth.js';

export interface ExamplesSynthesisOptions {
  /** Candidates, instances and run directories go here. */
  outDir: string;
  sandbox: ProviderName;
  workers: number;
  /** Bugs per strategy; default 8. */
  max?: number;
  seed?: number;
  /** NOP and Oracle runs per candidate; default 3. */
  runs?: number;
  /** With a model, lm-modify and lm-rewrite run too, and the model writes the statements. */
  model?: SynthModelOptions;
  /** Already built example repositories (`owner/name` → path); built in the cache when absent. */
  repos?: Record<string, string>;
  /** Mirrors, environments, work directories (and the examples when built here); default the LegoFactory cache. */
  cacheDir?: string;
  pip?: PipOptions;
  signal?: AbortSignal;
  progress?: ProgressMode;
  log?: (line: string) => void;
}

/**
 * Synthesizes bugs in the example repositories and validates them: procedural transforms and combine,
 * plus the model strategies when a model is given. The result's `ledger` holds the synth, probe,
 * validate and gate stages and one row per strategy; print it with `formatLedger`.
 */
export async function synthesizeExamples(options: ExamplesSynthesisOptions): Promise<SynthRunResult> {
  const log = options.log ?? (() => {});
  const cacheDir = options.cacheDir ?? defaultCacheDir(process.env);
  const repos =
    options.repos ??
    Object.fromEntries((await buildExamplesCached(cacheDir)).repos.map((r) => [r.repo, r.path]));
  const strategies: SynthStrategy[] = options.model
    ? ['procedural', 'lm-modify', 'lm-rewrite', 'combine']
    : ['procedural', 'combine'];
  log(
    `synthesizing bugs in ${Object.keys(repos).join(', ')} (${strategies.join(', ')}; ${options.sandbox} sandbox)`,
  );
  const dir = join(options.outDir, 'swegen', 'synth');
  return synthesize({
    repos,
    outPath: join(dir, 'candidates.jsonl'),
    runDir: join(dir, `run-${options.sandbox}`),
    strategies,
    max: options.max ?? 8,
    seed: options.seed ?? 0,
    ...(options.model ? { model: options.model } : {}),
    sandbox: options.sandbox,
    timeoutMs: 600_000,
    tasks: {
      cacheDir,
      repos,
      envOverrides: {},
      runId: `swegen-synth-examples-${options.sandbox}`,
      ...(options.pip ? { pip: options.pip } : {}),
    },
    validate: { runs: options.runs ?? 3, outPath: join(dir, 'instances.jsonl') },
    workers: options.workers,
    progress: options.progress ?? 'auto',
    ...(options.signal ? { signal: options.signal } : {}),
  });
}
