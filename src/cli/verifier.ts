import { Option, type Command } from 'commander';
import type { FunctionListName } from '../agent/fncall-text-styles.js';
import { verifierFormatNames, type VerifierFormatName } from '../blocks/verifier/formats/index.js';
import type { ScoreRule } from '../blocks/verifier/logprobs.js';
import { runVerifierScore } from '../blocks/verifier/run-verifier.js';
import { LegoError } from '../errors.js';
import { registerEvalTts } from './eval-tts.js';
import { abortOnSigint, crlfOption, functionListOption, nonNegative, positiveInt } from './options.js';
import { formatVerifierResult } from './tts-output.js';

interface ScoreFlags {
  trajectories: string;
  baseUrl: string;
  model: string;
  apiKeyEnv?: string;
  concurrency: number;
  maxTokens: number;
  topLogprobs: number;
  verifierFormat: VerifierFormatName;
  template?: string;
  systemPrompt?: string;
  scoreRule?: ScoreRule;
  prefill: boolean;
  functionList: FunctionListName;
  prompts?: string;
  crlf: 'keep' | 'normalize';
  priceInput: number;
  priceOutput: number;
  out: string;
  redo?: boolean;
  json?: boolean;
}

function apiKeyOf(flags: ScoreFlags, env: NodeJS.ProcessEnv): string | undefined {
  if (flags.apiKeyEnv === undefined) return undefined;
  const key = env[flags.apiKeyEnv];
  if (!key)
    throw new LegoError('bad_input', `--api-key-env ${flags.apiKeyEnv}: that environment variable is empty`);
  return key;
}

function registerScore(verifier: Command): void {
  verifier
    .command('score')
    .description("score trajectories with a generative verifier: P(YES) from the endpoint's logprobs")
    .requiredOption('--trajectories <file>', 'trajectories.jsonl (trajgen rollout)')
    .requiredOption(
      '--base-url <url>',
      'OpenAI-compatible endpoint serving the verifier, e.g. http://localhost:8000/v1',
    )
    .requiredOption('--model <name>', 'verifier model name the endpoint serves')
    .option('--api-key-env <var>', 'environment variable holding the API key (never written anywhere)')
    .option('--concurrency <n>', 'requests in flight at once', positiveInt, 8)
    .option('--max-tokens <n>', 'completion tokens per reply', positiveInt, 16)
    .option(
      '--top-logprobs <n>',
      'alternatives per token the endpoint returns (at most 20 on OpenAI)',
      positiveInt,
      20,
    )
    .addOption(
      new Option('--verifier-format <name>', 'prompt layout, answer and score rule (as sft build --verifier)')
        .choices(verifierFormatNames)
        .default('legofactory'),
    )
    .option('--template <file>', "user-message template (default: the format's, as sft build --verifier)")
    .option('--system-prompt <file>', "system message (default: the format's own; legofactory has none)")
    .addOption(
      new Option('--score-rule <rule>', "sum or max over YES/NO spellings (default: the format's)").choices([
        'sum',
        'max',
      ]),
    )
    .option('--no-prefill', 'never send the answer tag as a prefilled assistant turn (swe-lego)')
    .addOption(functionListOption('text-format layout of native tools and calls in a swe-lego log'))
    .option('--prompts <dir>', "prompt dir whose fn_call_suffix.txt lays out the list (as sft build's)")
    .addOption(crlfOption('normalize: \\r\\n becomes \\n in a swe-lego log'))
    .option('--price-input <usd>', 'price per million prompt tokens', nonNegative, 0)
    .option('--price-output <usd>', 'price per million completion tokens', nonNegative, 0)
    .requiredOption(
      '--out <file>',
      'scores.jsonl to write; run state goes beside it in <file>.run/ (resumes)',
    )
    .option('--redo', 're-score trajectories already scored with these settings')
    .option('--json', 'print the summary as JSON')
    .action(async (flags: ScoreFlags) => {
      const apiKey = apiKeyOf(flags, process.env);
      const result = await runVerifierScore({
        trajectoriesPath: flags.trajectories,
        outPath: flags.out,
        baseUrl: flags.baseUrl,
        model: flags.model,
        ...(apiKey ? { apiKey } : {}),
        concurrency: flags.concurrency,
        maxTokens: flags.maxTokens,
        topLogprobs: flags.topLogprobs,
        format: flags.verifierFormat,
        ...(flags.template ? { templatePath: flags.template } : {}),
        ...(flags.systemPrompt ? { systemPromptPath: flags.systemPrompt } : {}),
        ...(flags.scoreRule ? { rule: flags.scoreRule } : {}),
        prefill: flags.prefill,
        functionList: flags.functionList,
        ...(flags.prompts ? { promptDir: flags.prompts } : {}),
        crlf: flags.crlf,
        pricing: { inputPerMTok: flags.priceInput, outputPerMTok: flags.priceOutput },
        redo: flags.redo ?? false,
        signal: abortOnSigint(),
        progress: flags.json ? 'off' : 'auto',
      });
      console.log(flags.json ? JSON.stringify(result.summary, null, 2) : formatVerifierResult(result));
      if (result.run.interrupted) process.exitCode = 130;
    });
}

/** Adds `legofactory verifier score`, and `legofactory eval tts` that reads its scores (after `eval`). */
export function registerVerifier(program: Command): void {
  const verifier = program
    .command('verifier')
    .description('generative verifier: score trajectories for TTS@k');
  registerScore(verifier);
  registerEvalTts(program);
}
