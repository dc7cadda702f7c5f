import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { loadPipeline } from '../pipeline/load.js';
import { runPipeline } from '../pipeline/run-pipeline.js';
import { abortOnSigint, positiveInt } from './options.js';

interface RunFlags {
  out: string;
  sandbox?: 'auto' | 'local' | 'docker';
  workers?: number;
  cache?: string;
  stages?: string;
  redo: string[];
  json?: boolean;
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
    .action(async (path: string, flags: RunFlags) => {
      const loaded = await loadPipeline(path);
      const run = await runPipeline(loaded, {
        outDir: flags.out,
        ...(flags.stages ? { stages: list(flags.stages) } : {}),
        redo: flags.redo.flatMap(list),
        overrides: {
          ...(flags.sandbox ? { sandbox: flags.sandbox } : {}),
          ...(flags.workers ? { workers: flags.workers } : {}),
          ...(flags.cache ? { cache_dir: resolve(flags.cache) } : {}),
        },
        env: process.env,
        signal: abortOnSigint(),
        progress: flags.json ? 'off' : 'auto',
        log: (line) => (flags.json ? console.error(line) : console.log(line)),
      });
      if (flags.json) console.log(JSON.stringify(run, null, 2));
      else
        console.log(
          `pipeline ${run.name}: ${run.stages.length} stage(s) in ${run.dir}${run.interrupted ? ' (interrupted)' : ''}`,
        );
      if (run.interrupted) process.exitCode = 130;
    });
}
