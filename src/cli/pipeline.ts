import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { LegoError } from '../errors.js';
import { initPipeline } from '../pipeline/init.js';
import { parseRepoFlag } from '../repos/repo-flag.js';

interface InitFlags {
  repo: Map<string, string>;
  stages?: string;
  name: string;
  out?: string;
}

/** Adds `legofactory pipeline init`: writes the full recipe as a documented pipeline file. */
export function registerPipeline(program: Command): void {
  const pipeline = program.command('pipeline').description('write and inspect pipeline files');
  pipeline
    .command('init')
    .description(
      'write the full recipe as a pipeline file, every stage documented and its defaults spelled out: ' +
        'mine, synth -> validate -> rollout -> sft build (-> sft train), verifier score -> eval tts',
    )
    .requiredOption(
      '--repo <owner/name=PATH_OR_URL>',
      'a repository (repeatable)',
      parseRepoFlag,
      new Map<string, string>(),
    )
    .option('--stages <list>', 'keep only these stages (comma-separated), e.g. mine,validate')
    .option('--name <name>', 'the pipeline name (it names the run directory)', 'pipeline')
    .option('--out <file>', 'write the file here instead of printing it')
    .action(async (flags: InitFlags) => {
      const text = initPipeline({
        name: flags.name,
        repos: Object.fromEntries(flags.repo),
        ...(flags.stages
          ? {
              stages: flags.stages
                .split(',')
                .map((s) => s.trim())
                .filter(Boolean),
            }
          : {}),
      });
      if (!flags.out) return void console.log(text.trimEnd());
      await writeFile(flags.out, text, { flag: 'wx' }).catch((err: NodeJS.ErrnoException) => {
        if (err.code === 'EEXIST')
          throw new LegoError('bad_input', `${flags.out} exists; remove it or choose another --out`);
        throw err;
      });
      console.log(`wrote ${flags.out}; run it with: legofactory run ${flags.out}`);
    });
}
