import { Option, type Command } from 'commander';
import { functionListStyles, type FunctionListName } from '../agent/fncall-text-styles.js';
import { toolSchemas } from '../agent/tools/index.js';
import { writePredictions } from '../blocks/trajgen/predictions.js';
import { runTrajgen } from '../blocks/trajgen/run-trajgen.js';
import { formatSummary } from '../runner.js';
import { abortOnSigint, addTaskOptions, nonNegative, positiveInt, wholeNumber } from './options.js';
import { rolloutOptions, type RolloutFlags } from './trajgen-flags.js';
import { formatTrajgenResult } from './trajgen-output.js';

function registerRollout(trajgen: Command): void {
  const command = trajgen
    .command('rollout')
    .description('roll out agent trajectories on task instances in sandboxes and judge each with the tests')
    .requiredOption('--instances <file>', 'task instances (.jsonl, or .json list)')
    .requiredOption('--out <dir>', 'run directory: trajectories.jsonl, summary.json; re-using it resumes')
    .addOption(new Option('--policy <policy>', 'who acts').choices(['model', 'gold']).default('model'))
    .option('--base-url <url>', 'OpenAI-compatible endpoint, e.g. http://localhost:8000/v1')
    .option('--model <name>', 'model name the endpoint serves')
    .option('--api-key-env <var>', 'environment variable holding the API key (never written anywhere)')
    .option('-k, --samples <n>', 'trajectories per instance', positiveInt, 1)
    .option('--temperature <t>', 'sampling temperature', nonNegative)
    .option('--top-p <p>', 'nucleus sampling', nonNegative)
    .option('--max-tokens <n>', 'completion tokens per reply', positiveInt)
    .option('--seed <n>', 'sampling seed of sample 0 (sample n gets seed + n)', wholeNumber)
    .option('--max-steps <n>', 'assistant steps per trajectory', positiveInt, 100)
    .option('--max-total-tokens <n>', 'token budget per trajectory', positiveInt)
    .option('--max-cost <usd>', 'cost budget per trajectory', nonNegative)
    .option('--max-wall <seconds>', 'wall-time budget per trajectory', positiveInt)
    .option('--price-input <usd>', 'price per million prompt tokens', nonNegative, 0)
    .option('--price-output <usd>', 'price per million completion tokens', nonNegative, 0)
    .option('--concurrency <n>', 'rollouts in flight at once', positiveInt, 4)
    .addOption(new Option('--format <format>', 'model I/O').choices(['native', 'text']).default('native'))
    .addOption(
      new Option('--function-list <layout>', "text format: the function list's layout")
        .choices(Object.keys(functionListStyles))
        .default('legofactory'),
    )
    .option('--stream', 'stream model replies')
    .option('--command-timeout <seconds>', 'default time limit of a shell command', positiveInt, 120)
    .option('--timeout <seconds>', 'time limit of the judge test run', positiveInt, 1800)
    .addOption(
      new Option('--scope <scope>', 'which tests judge').choices(['test_files', 'all']).default('test_files'),
    )
    .option(
      '--no-protect-test-infra',
      "judge the final patch's edits to test infrastructure as they are instead of reverting them first",
    )
    .option(
      '--prompts <dir>',
      "prompt templates: ours (system.md, instance.md, continue.md, text-functions.md) or OpenHands' (system_prompt.j2, swe_default.j2, continue.j2), and an optional fn_call_suffix.txt",
    )
    .option(
      '--unsafe-local',
      'allow --sandbox local without bubblewrap: commands run unconfined on this host',
    )
    .option('--redo', 'recompute trajectories already done in this run')
    .option('--json', 'print the summary as JSON');
  addTaskOptions(command).action(async (flags: RolloutFlags) => {
    const result = await runTrajgen(await rolloutOptions(flags, process.env, abortOnSigint()));
    if (flags.json) console.log(JSON.stringify(result.summary, null, 2));
    else {
      console.log(formatTrajgenResult(result));
      console.log(formatSummary(result.run));
    }
    if (result.run.interrupted) process.exitCode = 130;
  });
}

interface PredictionFlags {
  trajectories: string;
  out: string;
  sample: number;
  modelName?: string;
}

function registerPredictions(trajgen: Command): void {
  trajgen
    .command('predictions')
    .description('write SWE-bench predictions from trajectories (one sample per instance)')
    .requiredOption('--trajectories <file>', 'trajectories.jsonl')
    .requiredOption('--out <file>', 'predictions file to write (.jsonl)')
    .option('--sample <n>', 'which sample of each instance', wholeNumber, 0)
    .option('--model-name <name>', "model_name_or_path to write (default: the trajectories' model)")
    .action(async (flags: PredictionFlags) => {
      const result = await writePredictions({
        trajectoriesPath: flags.trajectories,
        outPath: flags.out,
        sample: flags.sample,
        ...(flags.modelName ? { modelName: flags.modelName } : {}),
      });
      for (const problem of result.problems) console.error(`problem: ${problem}`);
      console.log(`wrote ${result.predictions.length} predictions to ${flags.out}`);
    });
}

function registerTools(trajgen: Command): void {
  trajgen
    .command('tools')
    .description("print the agent's tool schemas: OpenAI tools JSON (native) or the text format's listing")
    .addOption(new Option('--format <format>', 'which form').choices(['native', 'text']).default('native'))
    .addOption(
      new Option('--function-list <layout>', "the text format's layout")
        .choices(Object.keys(functionListStyles))
        .default('legofactory'),
    )
    .action((flags: { format: 'native' | 'text'; functionList: FunctionListName }) => {
      const text = functionListStyles[flags.functionList].describe(toolSchemas());
      console.log(flags.format === 'native' ? JSON.stringify(toolSchemas(), null, 2) : text);
    });
}

/** Adds `legofactory trajgen rollout | predictions | tools`. */
export function registerTrajgen(program: Command): void {
  const trajgen = program
    .command('trajgen')
    .description('agent trajectories: rollouts, predictions, tool schemas');
  registerRollout(trajgen);
  registerPredictions(trajgen);
  registerTools(trajgen);
}
