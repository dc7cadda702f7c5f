import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { parsePeriod, runEvery } from '../pipeline/every.js';
import { loadPipeline } from '../pipeline/load.js';
import { runPipeline, type PipelineRunOptions } from '../pipeline/run-pipeline.js';
import { abortOnSigint, positiveInt } from './options.js';

interface RunFlags {
  out: string;
  sandbox?: 'auto' | 'local' | 'docker';
  workers?: number;
  cache?: string;
  stages?: string;
  redo: string[];
  json?: boolean;
  refresh?: boolean;
  every?: number;
}

/**
 * For `--every`: the first SIGINT or SIGTERM stops the loop once the refresh in progress has finished; a
 * second one interrupts that refresh (items in flight clean up); a third exits at once.
 */
function stopOnSignals(): { stop: AbortSignal; abort: AbortSignal; dispose: () => void } {
  const stop = new AbortController();
  const abort = new AbortController();
  let seen = 0;
  const onSignal = () => {
    seen++;
    if (seen === 1) {
      console.error(
        '\nstopping: the refresh in progress finishes, then the loop ends (again to interrupt it)',
      );
      stop.abort();
    } else if (seen === 2) {
      console.error('\ninterrupted: finishing cleanup (again to exit now)');
      abort.abort();
    } else process.exit(130);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const dispose = () => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
  return { stop: stop.signal, abort: abort.signal, dispose };
}

const list = (value: string) =>
  value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** Adds `legofactory run PIPELINE.yaml`: runs a pipeline file's stages in order, resuming what is done. */
export function registerRun(program: Command): void {
  program
    .command('run')
    .description(
      'run a pipeline file: its stages in order, each in <out>/<name>/<stage>/, resuming what is done',
    )
    .argument(
      '<pipeline>',
      'the pipeline file (YAML; see legofactory pipeline init, legofactory schema pipeline)',
    )
    .option('--out <dir>', 'where the run directories go', 'runs')
    .option('--stages <list>', 'run only these stages (comma-separated) and the stages they read from')
    .option(
      '--redo <stage>',
      'recompute every item of this stage (repeatable)',
      (v: string, prev: string[]) => [...prev, v],
      [],
    )
    .addOption(
      new Option('--sandbox <provider>', "where tests run (default: the file's)").choices([
        'auto',
        'docker',
        'local',
      ]),
    )
    .option('--workers <n>', "items in flight in every stage (default: the file's)", positiveInt)
    .option(
      '--cache <dir>',
      "mirrors, environments, work directories (default: the file's, else the LegoFactory cache)",
    )
    .option('--json', 'print one JSON object: the stages, their run directories, outputs and counts')
    .option(
      '--refresh',
      "mine only each repository's history after its cursor and send the new candidates through the later " +
        'stages; appends an entry to <out>/<name>/refresh.jsonl',
    )
    .option(
      '--every <period>',
      'keep refreshing with this period (90s, 30m, 6h, 1d) until SIGINT/SIGTERM; ' +
        'the first run is a plain run when the pipeline never ran',
      parsePeriod,
    )
    .action(async (path: string, flags: RunFlags) => {
      const loaded = await loadPipeline(path);
      const options: Omit<PipelineRunOptions, 'refresh' | 'signal'> = {
        outDir: flags.out,
        ...(flags.stages ? { stages: list(flags.stages) } : {}),
        redo: flags.redo.flatMap(list),
        overrides: {
          ...(flags.sandbox ? { sandbox: flags.sandbox } : {}),
          ...(flags.workers ? { workers: flags.workers } : {}),
          ...(flags.cache ? { cache_dir: resolve(flags.cache) } : {}),
        },
        env: process.env,
        progress: flags.json ? 'off' : 'auto',
        log: (line) => (flags.json ? console.error(line) : console.log(line)),
      };
      const once = async (refresh: boolean, signal: AbortSignal) => {
        const run = await runPipeline(loaded, { ...options, refresh, signal });
        if (flags.json) console.log(JSON.stringify(run, null, 2));
        else
          console.log(
            `pipeline ${run.name}: ${run.stages.length} stage(s) in ${run.dir}${run.interrupted ? ' (interrupted)' : ''}`,
          );
        if (run.interrupted) process.exitCode = 130;
      };
      if (flags.every === undefined) return once(flags.refresh ?? false, abortOnSigint());
      const { stop, abort, dispose } = stopOnSignals();
      const ran = join(flags.out, loaded.file.name, 'pipeline.json');
      await runEvery(() => once(existsSync(ran), abort), {
        periodMs: flags.every,
        stop,
        log: (line) => console.error(line),
      }).finally(dispose);
    });
}
