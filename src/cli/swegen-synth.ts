import { Option, type Command } from 'commander';
import { formatLedger } from '../blocks/swegen/ledger.js';
import { publishInstances } from '../blocks/swegen/publish/index.js';
import { synthesize } from '../blocks/swegen/synth/run-synth.js';
import { transformNames } from '../blocks/swegen/synth/transforms/index.js';
import { formatSummary } from '../runner.js';
import { SynthStrategy } from '../schema/synth.js';
import {
  addTaskOptions,
  collectPairs,
  defaultCacheDir,
  nonNegative,
  positiveInt,
  wholeNumber,
} from './options.js';
import { readInstances } from './read-instances.js';
import { listOf, synthOptions, type SynthFlags } from './swegen-synth-flags.js';

function registerSynth(swegen: Command): void {
  const command = swegen
    .command('synth')
    .description('make synthetic bugs (AST transforms, model edits, combinations) whose tests prove them')
    .option('--commit <sha>', 'the commit to plant bugs in (default: the default branch head)')
    .option(
      '--strategies <list>',
      'procedural, lm-modify, lm-rewrite, combine',
      listOf(SynthStrategy.options, 'strategy'),
      ['procedural'],
    )
    .option(
      '--transforms <list>',
      'procedural transforms to use (default: all)',
      listOf(transformNames, 'transform'),
    )
    .option('--max <n>', 'the most bugs per strategy', positiveInt, 50)
    .option('--seed <n>', 'the seed: the same seed gives the same bugs', wholeNumber, 0)
    .option('--base-url <url>', 'OpenAI-compatible endpoint for lm-modify, lm-rewrite and statements')
    .option('--model <name>', 'the model at --base-url')
    .option('--api-key-env <var>', 'the environment variable holding the API key')
    .option('--price-input <usd>', 'USD per million prompt tokens, for the cost ledger', nonNegative, 0)
    .option('--price-output <usd>', 'USD per million completion tokens', nonNegative, 0)
    .option('--prompts <dir>', 'a directory with lm-modify.md, lm-rewrite.md and statement.md')
    .addOption(
      new Option('--statements <source>', 'who writes problem statements when a model is set')
        .choices(['model', 'tests'])
        .default('model'),
    )
    .requiredOption('--out <file>', 'where the candidates go (.jsonl); swegen validate takes it as it is')
    .option('--validate', 'validate the candidates too (NOP/Oracle runs and the gold gate)')
    .option('--instances <file>', 'with --validate: where the instances go (default: <out>.instances.jsonl)')
    .option('--runs <n>', 'with --validate: NOP and Oracle runs per candidate', positiveInt, 3)
    .option('--combine-from <file>', 'validated instances for the combine strategy (without --validate)')
    .option('--no-coverage', 'do not run the tests once to find the functions they call')
    .option('--rules <file>', 'YAML/JSON overriding which files are tests, docs or vendored')
    .option('--timeout <seconds>', 'time limit per test run', positiveInt, 1800)
    .option('--workers <n>', 'bugs probed (and validated) at once', positiveInt, 1)
    .option('--run-dir <dir>', 'run directory (default: beside --out, .run)')
    .option('--redo', 'redo work this run already has')
    .option('--json', 'print the yield ledger as JSON');
  addTaskOptions(command).action(async (flags: SynthFlags) => {
    const result = await synthesize(await synthOptions(flags, process.env));
    if (flags.json) console.log(JSON.stringify(result.ledger, null, 2));
    else {
      console.log(formatLedger(result.ledger));
      console.log(`\n${result.candidates.length} candidates written to ${result.outPath}`);
      if (result.validation)
        console.log(
          `${result.validation.instances.length} instances written to ${result.validation.outPath}`,
        );
      console.log(formatSummary(result.runs.probe));
    }
    if (result.runs.probe.interrupted) process.exitCode = 130;
    else if (result.ledger.failures.length > 0) process.exitCode = 1;
  });
}

function registerPublish(swegen: Command): void {
  swegen
    .command('publish')
    .description('publish synthetic instances as one branch each (SWE-smith-style mirrors)')
    .requiredOption('--instances <file>', 'instances (.jsonl); only synthetic ones are published')
    .option(
      '--repo <owner/name=PATH_OR_URL>',
      'where an original repository comes from (repeatable)',
      collectPairs,
      {},
    )
    .option('--bundle <file>', 'write a git bundle with a branch per instance')
    .option('--branches <repo>', 'fetch a branch per instance into this repository (made bare if missing)')
    .option('--cache <dir>', 'cache for repository mirrors', defaultCacheDir(process.env))
    .action(
      async (flags: {
        instances: string;
        repo: Record<string, string>;
        bundle?: string;
        branches?: string;
        cache: string;
      }) => {
        const result = await publishInstances({
          instances: await readInstances(flags.instances),
          repos: flags.repo,
          cacheDir: flags.cache,
          ...(flags.bundle ? { bundle: flags.bundle } : {}),
          ...(flags.branches ? { branchesTo: flags.branches } : {}),
        });
        for (const { branch, commit } of result.branches) console.log(`${commit} ${branch}`);
        for (const { instance_id, reason } of result.skipped)
          console.log(`skipped ${instance_id}: ${reason}`);
        console.log(`${result.branches.length} branches written to ${flags.bundle ?? flags.branches}`);
      },
    );
}

/** `legofactory swegen synth|publish`. */
export function registerSwegenSynth(swegen: Command): void {
  registerSynth(swegen);
  registerPublish(swegen);
}
