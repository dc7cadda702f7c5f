import { join } from 'node:path';
import Docker from 'dockerode';
import { buildExamples } from '../examples/build.js';
import { runEval, type EvalRunResult } from './blocks/eval/run-eval.js';
import { mineAndValidateExamples, type ExamplesYield } from './blocks/swegen/examples.js';
import type { PipOptions } from './env/pip-options.js';
import type { ProgressMode } from './progress.js';
import { bubblewrapWorks, ensureDaemon, type ProviderName } from './sandbox/index.js';

export interface QuickstartOptions {
  /** Examples, run directories and the cache go below this directory. */
  outDir: string;
  sandbox: ProviderName | 'auto';
  workers: number;
  pip?: PipOptions;
  signal?: AbortSignal;
  progress?: ProgressMode;
  log: (line: string) => void;
}

export interface QuickstartResult {
  sandbox: ProviderName;
  sandboxReason: string;
  runs: { predictions: 'gold' | 'empty'; result: EvalRunResult }[];
  /** Real instances mined from the examples' history and validated; absent when interrupted first. */
  swegen?: ExamplesYield;
}

async function localIsolation(): Promise<string> {
  return (await bubblewrapWorks())
    ? 'commands run under bubblewrap, without network'
    : 'bubblewrap is missing or cannot run here, so commands run unconfined on this host';
}

/** `auto` picks docker when a daemon answers, local otherwise; says why, and how local is confined. */
export async function chooseSandbox(
  choice: ProviderName | 'auto',
): Promise<{ name: ProviderName; reason: string }> {
  if (choice === 'docker') return { name: 'docker', reason: 'chosen with --sandbox' };
  if (choice === 'local')
    return { name: 'local', reason: `chosen with --sandbox; ${await localIsolation()}` };
  try {
    await ensureDaemon(new Docker(), 3000);
    return { name: 'docker', reason: 'a Docker daemon answered' };
  } catch (err) {
    const why = (err as Error).message.split('\n')[0];
    return { name: 'local', reason: `no Docker daemon answered (${why}); ${await localIsolation()}` };
  }
}

/**
 * The main job on the embedded default: builds the example repositories and their environments,
 * evaluates gold and empty predictions on their hand-checked instances, then mines the examples' history
 * and validates the candidates into instances (the yield ledger).
 */
export async function runQuickstart(options: QuickstartOptions): Promise<QuickstartResult> {
  const examples = await buildExamples(join(options.outDir, 'examples'));
  options.log(
    `built ${examples.repos.length} example repositories with ${examples.instances.length} instances`,
  );
  const sandbox = await chooseSandbox(options.sandbox);
  options.log(`sandbox: ${sandbox.name} (${sandbox.reason})`);
  const repos = Object.fromEntries(examples.repos.map((r) => [r.repo, r.path]));
  const runs: QuickstartResult['runs'] = [];
  for (const predictions of ['gold', 'empty'] as const) {
    if (options.signal?.aborted) break;
    options.log(`evaluating ${predictions} predictions`);
    const result = await runEval({
      instancesPath: examples.instancesPath,
      predictions,
      outDir: join(options.outDir, 'runs'),
      runId: `quickstart-${sandbox.name}-${predictions}`,
      workers: options.workers,
      sandbox: sandbox.name,
      timeoutMs: 600_000,
      scope: 'test_files',
      tasks: {
        cacheDir: join(options.outDir, 'cache'),
        repos,
        envOverrides: {},
        runId: `quickstart-${predictions}`,
        ...(options.pip ? { pip: options.pip } : {}),
      },
      ...(options.signal ? { signal: options.signal } : {}),
      progress: options.progress ?? 'auto',
    });
    runs.push({ predictions, result });
  }
  if (options.signal?.aborted) return { sandbox: sandbox.name, sandboxReason: sandbox.reason, runs };
  const swegen = await mineAndValidateExamples({
    outDir: options.outDir,
    sandbox: sandbox.name,
    workers: options.workers,
    repos,
    cacheDir: join(options.outDir, 'cache'),
    log: options.log,
    progress: options.progress ?? 'auto',
    ...(options.pip ? { pip: options.pip } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  return { sandbox: sandbox.name, sandboxReason: sandbox.reason, runs, swegen };
}
