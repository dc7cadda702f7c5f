import { Option, type Command } from 'commander';
import { runEval } from '../blocks/eval/run-eval.js';
import { hostPipIndexes } from '../env/pip-options.js';
import { formatSummary } from '../runner.js';
import { formatEvalResult, noVerdictLine } from './eval-output.js';
import { abortOnSigint, addTaskOptions, positiveInt, type TaskFlags } from './options.js';

interface EvalFlags extends TaskFlags {
  instances: string;
  predictions: string;
  runId: string;
  out: string;
  workers: number;
  timeout: number;
  scope: 'test_files' | 'all';
  protectTestInfra?: boolean;
  redo?: boolean;
  json?: boolean;
}

export function registerEval(program: Command): void {
  const command = program
    .command('eval')
    .description('evaluate predictions against task instances, SWE-bench style')
    .requiredOption('--instances <file>', 'task instances (.jsonl, or .json list)')
    .requiredOption('--predictions <file|gold|empty>', 'predictions file, or gold / empty patches')
    .option('--run-id <id>', 'run id; re-using one resumes that run', 'eval')
    .option('--out <dir>', 'output directory', 'runs')
    .option('--workers <n>', 'instances evaluated at once', positiveInt, 1)
    .option('--timeout <seconds>', 'test run time limit per instance', positiveInt, 1800)
    .addOption(
      new Option('--scope <scope>', 'which tests run').choices(['test_files', 'all']).default('test_files'),
    )
    .option(
      '--protect-test-infra',
      "revert the patch's edits to test infrastructure (conftest.py, runner config, ...) before the tests run",
    )
    .option(
      '--redo',
      'recompute every instance in place, also under changed settings (a finished result stays until its replacement is done)',
    )
    .option('--json', 'print the summary as JSON');
  addTaskOptions(command).action(async (flags: EvalFlags) => {
    const result = await runEval({
      instancesPath: flags.instances,
      predictions: flags.predictions,
      runId: flags.runId,
      outDir: flags.out,
      workers: flags.workers,
      redo: flags.redo ?? false,
      sandbox: flags.sandbox,
      timeoutMs: flags.timeout * 1000,
      scope: flags.scope,
      ...(flags.protectTestInfra ? { protectTestInfra: true } : {}),
      tasks: {
        cacheDir: flags.cache,
        repos: flags.repo,
        envOverrides: flags.env,
        history: flags.history,
        runId: flags.runId,
        pip: await hostPipIndexes(),
        ...(flags.baseImage ? { baseImage: flags.baseImage } : {}),
      },
      signal: abortOnSigint(),
      progress: flags.json ? 'off' : 'auto',
    });
    if (flags.json) console.log(JSON.stringify(result.summary, null, 2));
    else {
      console.log(formatEvalResult(result));
      console.log(formatSummary(result.run));
    }
    const missing = result.summary.no_verdict_ids.length;
    if (result.run.interrupted) process.exitCode = 130;
    else if (missing > 0) {
      if (flags.json) console.error(noVerdictLine(result));
      process.exitCode = 1;
    }
  });
}
