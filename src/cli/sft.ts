import { Option, type Command } from 'commander';
import type { FunctionListName } from '../agent/fncall-text-styles.js';
import { runSftBuild } from '../blocks/sft/build-stage.js';
import type { ExportFormat } from '../blocks/sft/exporters/index.js';
import type { Include } from '../blocks/sft/process.js';
import { verifierFormatNames, type VerifierFormatName } from '../blocks/verifier/formats/index.js';
import { formatSftStats } from '../blocks/sft/stats.js';
import { runSftTrain } from '../blocks/sft/train.js';
import type { VerifierBalance } from '../blocks/sft/verifier-set.js';
import type { Difficulty } from '../blocks/sft/curriculum.js';
import { abortOnSigint, crlfOption, functionListOption, positiveInt } from './options.js';

interface BuildFlags {
  trajectories: string[];
  out: string;
  format: ExportFormat;
  functionList: FunctionListName;
  prompts?: string;
  crlf: 'keep' | 'normalize';
  include: Include;
  includeGold?: boolean;
  includeTestInfra?: boolean;
  errorMask: boolean;
  curriculum: Difficulty;
  stages: number;
  maxTokens: number;
  maxMessageChars: number;
  tokenizer: string;
  decontaminate: string[];
  verifier?: boolean;
  verifierBalance: VerifierBalance;
  verifierFormat: VerifierFormatName;
  verifierTemplate?: string;
  verifierSystemPrompt?: string;
  workers?: number;
  redo?: boolean;
  json?: boolean;
}

function registerBuild(sft: Command): void {
  sft
    .command('build')
    .description('build SFT datasets from trajectories: error masks, a difficulty curriculum, exports')
    .requiredOption('--trajectories <files...>', 'trajectories.jsonl files (from trajgen rollout)')
    .requiredOption('--out <dir>', 'output directory: stage files, ordered.jsonl, stats.json, tool configs')
    .addOption(
      new Option('--format <format>', 'export format')
        .choices(['swe-lego', 'axolotl', 'openai', 'messages'])
        .default('swe-lego'),
    )
    .addOption(functionListOption('text-format layout of native tools and calls (swe-lego)'))
    .option(
      '--prompts <dir>',
      "prompt dir: its fn_call_suffix.txt (OpenHands' own) and text-functions.md lay out the list",
    )
    .addOption(crlfOption('normalize: \\r\\n becomes \\n in text-format messages, as SWE-Lego does'))
    .addOption(
      new Option('--include <which>', 'trajectories that train')
        .choices(['resolved', 'resolved+partial'])
        .default('resolved'),
    )
    .option('--include-gold', 'keep gold-policy replays (left out by default: no model wrote them)')
    .option(
      '--include-test-infra',
      'keep trajectories whose patch changes test infrastructure (left out by default)',
    )
    .option('--no-error-mask', 'train error steps too (ablation)')
    .addOption(
      new Option('--curriculum <difficulty>', 'what orders the curriculum')
        .choices(['turns', 'tokens'])
        .default('turns'),
    )
    .option('--stages <n>', 'curriculum stages (quantiles of the difficulty)', positiveInt, 3)
    .option('--max-tokens <n>', 'drop samples with more tokens', positiveInt, 131_072)
    .option('--max-message-chars <n>', 'cut longer message contents in the middle', positiveInt, 200_000)
    .option('--tokenizer <qwen3|path>', 'qwen3 (shipped, offline) or a tokenizer.json path', 'qwen3')
    .option('--decontaminate <files...>', 'evaluation sets whose instances are kept out', [])
    .option('--verifier', 'also write generative-verifier examples (verifier.jsonl)')
    .addOption(
      new Option('--verifier-balance <how>', 'YES/NO balance of the verifier examples')
        .choices(['downsample', 'weight', 'none'])
        .default('downsample'),
    )
    .addOption(
      new Option('--verifier-format <name>', 'verifier examples: layout and answer (swe-lego: <judgement>)')
        .choices(verifierFormatNames)
        .default('legofactory'),
    )
    .option('--verifier-template <file>', "verifier user-message template (default: the format's)")
    .option('--verifier-system-prompt <file>', "verifier system message (default: the format's own)")
    .option('--workers <n>', 'threads that parse and tokenize (default: up to 2)', positiveInt)
    .option('--redo', 'rebuild even when the trajectories and options are those of the last build')
    .option('--json', 'print the stats as JSON')
    .action(async (flags: BuildFlags) => {
      const result = await runSftBuild({
        trajectories: flags.trajectories,
        outDir: flags.out,
        format: flags.format,
        functionList: flags.functionList,
        ...(flags.prompts ? { promptDir: flags.prompts } : {}),
        crlf: flags.crlf,
        include: flags.include,
        includeGold: flags.includeGold ?? false,
        includeTestInfra: flags.includeTestInfra ?? false,
        errorMask: flags.errorMask,
        curriculum: flags.curriculum,
        stages: flags.stages,
        maxTokens: flags.maxTokens,
        maxMessageChars: flags.maxMessageChars,
        tokenizer: flags.tokenizer,
        decontaminate: flags.decontaminate,
        verifier: flags.verifier ?? false,
        verifierBalance: flags.verifierBalance,
        verifierFormat: flags.verifierFormat,
        ...(flags.verifierTemplate ? { verifierTemplate: flags.verifierTemplate } : {}),
        ...(flags.verifierSystemPrompt ? { verifierSystemPrompt: flags.verifierSystemPrompt } : {}),
        ...(flags.workers ? { workers: flags.workers } : {}),
        redo: flags.redo ?? false,
      });
      if (result.run.skipped > 0)
        console.error(
          `sft build: nothing to do, ${flags.out} was built from these trajectories with these options ` +
            '(--redo rebuilds)',
        );
      console.log(flags.json ? JSON.stringify(result.stats, null, 2) : formatSftStats(result.stats));
    });
}

interface TrainFlags {
  config: string;
  python: string;
  accelerateConfig?: string;
}

function registerTrain(sft: Command): void {
  sft
    .command('train')
    .description(
      'train on built datasets with the Python trainer (curriculum stages in order), streaming progress',
    )
    .requiredOption('--config <file>', 'training YAML (see docs/sft.md)')
    .option('--python <path>', 'Python with the trainer dependencies (pip install ./trainer)', 'python3')
    .option(
      '--accelerate-config <file>',
      'run under accelerate launch (DeepSpeed ZeRO-3, FSDP: trainer/configs)',
    )
    .action(async (flags: TrainFlags) => {
      await runSftTrain({
        config: flags.config,
        python: flags.python,
        ...(flags.accelerateConfig ? { accelerateConfig: flags.accelerateConfig } : {}),
        ...(process.env['PYTHONPATH'] ? { pythonPath: process.env['PYTHONPATH'] } : {}),
        signal: abortOnSigint(),
      });
    });
}

/** `legofactory sft build|train`. */
export function registerSft(program: Command): void {
  const sft = program
    .command('sft')
    .description('SFT datasets with step-level error masks and a curriculum; training');
  registerBuild(sft);
  registerTrain(sft);
}
