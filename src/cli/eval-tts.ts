import type { Command } from 'commander';
import { runTtsStage } from '../blocks/eval/tts/tts-stage.js';
import { LegoError } from '../errors.js';
import { positiveInt, wholeNumber } from './options.js';
import { formatTtsReport } from './tts-output.js';

interface TtsFlags {
  trajectories: string;
  scores?: string;
  k: number[];
  out: string;
  samples: number;
  exactLimit: number;
  seed: number;
  redo?: boolean;
  json?: boolean;
}

/** A comma-separated list of positive whole numbers, like `1,2,4,8,16`. */
export function kList(value: string): number[] {
  const ks = value.split(',').map((part) => Number(part.trim()));
  if (ks.some((k) => !Number.isInteger(k) || k < 1))
    throw new LegoError('bad_input', `--k takes positive whole numbers separated by commas, got "${value}"`);
  return ks;
}

function addTtsCommand(evalCommand: Command): void {
  evalCommand
    .command('tts')
    .description(
      'test-time scaling: pass@k, and best@k of the verifier and baseline selectors over k trajectories',
    )
    .requiredOption(
      '--trajectories <file>',
      'judged trajectories, several per instance (trajgen rollout -k N)',
    )
    .option(
      '--scores <file>',
      'verifier scores (verifier score); without them only the baselines are compared',
    )
    .option('--k <list>', 'the ks to report', kList, [1, 2, 4, 8, 16])
    .requiredOption(
      '--out <dir>',
      'report directory: metrics.json, per_instance.tsv, curve.svg/png, predictions/',
    )
    .option(
      '--samples <n>',
      'k-subsets drawn per instance where enumerating them all is too many',
      positiveInt,
      10_000,
    )
    .option('--exact-limit <n>', 'enumerate every k-subset up to this many', positiveInt, 20_000)
    .option('--seed <n>', 'seed of the subset draws', wholeNumber, 0)
    .option('--redo', 'report again even when the inputs and options are those of the last report')
    .option('--json', 'print metrics.json')
    .action(async (flags: TtsFlags) => {
      const report = await runTtsStage({
        trajectoriesPath: flags.trajectories,
        ...(flags.scores ? { scoresPath: flags.scores } : {}),
        ks: flags.k,
        outDir: flags.out,
        policy: { samples: flags.samples, exactLimit: flags.exactLimit, seed: flags.seed },
        redo: flags.redo ?? false,
      });
      if (report.run.skipped > 0)
        console.error(
          `eval tts: nothing to do, ${flags.out} was reported from these files with these options ` +
            '(--redo reports again)',
        );
      console.log(flags.json ? JSON.stringify(report.metrics, null, 2) : formatTtsReport(report));
    });
}

/**
 * Adds `legofactory eval tts` beside the plain `eval` command (register `eval` first). Options after
 * `eval tts` belong to `tts`, and `eval`'s required options are checked when `eval` itself runs, so
 * `eval --instances ... --predictions ...` behaves exactly as before.
 */
export function registerEvalTts(program: Command): void {
  const evalCommand = program.commands.find((command) => command.name() === 'eval');
  if (!evalCommand) throw new LegoError('internal', 'register the eval command before eval tts');
  const required = evalCommand.options.filter((option) => option.mandatory);
  for (const option of required) option.mandatory = false;
  evalCommand.hook('preAction', (_hooked, actionCommand) => {
    if (actionCommand !== evalCommand) return;
    const missing = required.find(
      (option) => evalCommand.getOptionValue(option.attributeName()) === undefined,
    );
    if (missing)
      evalCommand.error(`error: required option '${missing.flags}' not specified`, {
        code: 'commander.missingMandatoryOptionValue',
      });
  });
  program.enablePositionalOptions();
  evalCommand.enablePositionalOptions();
  addTtsCommand(evalCommand);
}
