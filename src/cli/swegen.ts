import type { Command } from 'commander';
import { formatLedger, loadMineRules, mineRepos, validateCandidates } from '../blocks/swegen/index.js';
import { formatRefresh } from '../blocks/swegen/mine/format-refresh.js';
import { hostPipIndexes } from '../env/pip-options.js';
import { LegoError } from '../errors.js';
import { createGitHubClient } from '../github/client.js';
import { formatSummary } from '../runner.js';
import {
  abortOnSigint,
  addTaskOptions,
  collectPairs,
  defaultCacheDir,
  positiveInt,
  type TaskFlags,
} from './options.js';
import { addEnvAgentOptions, envAgentOptions, type EnvAgentFlags } from './env-agent-flags.js';
import { registerSwegenSynth } from './swegen-synth.js';

interface MineFlags {
  repo: Record<string, string>;
  env: Record<string, string>;
  out: string;
  runDir?: string;
  cache: string;
  maxCommits?: number;
  since?: string;
  rules?: string;
  githubTokenEnv?: string;
  githubApi: string;
  workers: number;
  redo?: boolean;
  refresh?: boolean;
  json?: boolean;
}

interface ValidateFlags extends TaskFlags, EnvAgentFlags {
  candidates: string;
  out: string;
  runDir?: string;
  runs: number;
  workers: number;
  timeout: number;
  redo?: boolean;
  json?: boolean;
}

/** `candidates.jsonl` → `candidates.run`: the run directory beside the output file. */
const runDirBeside = (out: string) => `${out.replace(/\.jsonl?$/, '')}.run`;

function githubToken(variable: string): string {
  const token = process.env[variable];
  if (!token)
    throw new LegoError('bad_input', `--github-token-env ${variable}: that environment variable is empty`);
  return token;
}

function registerMine(swegen: Command): void {
  swegen
    .command('mine')
    .description('find candidate fixes (changes to source and tests) in repository history')
    .option(
      '--repo <owner/name=PATH_OR_URL>',
      'a repository to mine (repeatable, at least one)',
      collectPairs,
      {},
    )
    .requiredOption('--out <file>', 'where the candidates go (.jsonl)')
    .option('--max-commits <n>', 'changes examined per repository, newest first', positiveInt)
    .option('--since <date>', 'only changes committed after this date')
    .option('--github-token-env <var>', 'take statements from GitHub issues and PRs, with the token in $VAR')
    .option('--github-api <url>', 'GitHub REST API root', 'https://api.github.com')
    .option('--rules <file>', 'YAML/JSON overriding the test-file globs, filters and size limits')
    .option(
      '--env <owner/name=SPEC>',
      'an EnvSpec file that overrides detection (repeatable)',
      collectPairs,
      {},
    )
    .option('--run-dir <dir>', 'run directory (default: beside --out, .run)')
    .option('--cache <dir>', 'cache for repository mirrors', defaultCacheDir(process.env))
    .option('--workers <n>', 'repositories mined at once', positiveInt, 1)
    .option('--redo', 'mine repositories again even when this run has them')
    .option(
      '--refresh',
      'fetch every repository and mine only the commits after the last ones this run mined',
    )
    .option('--json', 'print the yield ledger as JSON')
    .action(async (flags: MineFlags) => {
      if (Object.keys(flags.repo).length === 0)
        throw new LegoError('bad_input', 'give at least one --repo owner/name=PATH_OR_URL to mine');
      const result = await mineRepos({
        repos: flags.repo,
        outPath: flags.out,
        runDir: flags.runDir ?? runDirBeside(flags.out),
        cacheDir: flags.cache,
        ...(flags.maxCommits === undefined ? {} : { maxCommits: flags.maxCommits }),
        ...(flags.since === undefined ? {} : { since: flags.since }),
        ...(flags.rules ? { rules: await loadMineRules(flags.rules) } : {}),
        envOverrides: flags.env,
        ...(flags.githubTokenEnv
          ? {
              github: {
                client: createGitHubClient({
                  token: githubToken(flags.githubTokenEnv),
                  apiUrl: flags.githubApi,
                }),
                apiUrl: flags.githubApi,
              },
            }
          : {}),
        workers: flags.workers,
        redo: flags.redo ?? false,
        refresh: flags.refresh ?? false,
        signal: abortOnSigint(),
        progress: flags.json ? 'off' : 'auto',
      });
      if (flags.json) console.log(JSON.stringify(result.ledger, null, 2));
      else {
        if (result.refresh) console.log(`${formatRefresh(result.refresh)}\n`);
        console.log(formatLedger(result.ledger));
        console.log(`\n${result.candidates.length} candidates written to ${result.outPath}`);
        console.log(formatSummary(result.run));
      }
      if (result.run.interrupted) process.exitCode = 130;
      else if (result.run.failed > 0 || (result.refresh?.repos_skipped ?? 0) > 0) process.exitCode = 1;
    });
}

function registerValidate(swegen: Command): void {
  const command = swegen
    .command('validate')
    .description('keep the candidates whose tests prove them: NOP and Oracle runs, then a gold eval gate')
    .requiredOption('--candidates <file>', 'candidates from swegen mine (.jsonl)')
    .requiredOption('--out <file>', 'where the validated instances go (.jsonl)')
    .option('--runs <n>', 'NOP and Oracle runs per candidate', positiveInt, 3)
    .option('--workers <n>', 'candidates validated at once', positiveInt, 1)
    .option('--timeout <seconds>', 'time limit per test run', positiveInt, 1800)
    .option('--run-dir <dir>', 'run directory (default: beside --out, .run)')
    .option('--redo', 'validate candidates again even when this run has them')
    .option('--json', 'print the yield ledger as JSON');
  addTaskOptions(addEnvAgentOptions(command)).action(async (flags: ValidateFlags) => {
    const runDir = flags.runDir ?? runDirBeside(flags.out);
    const result = await validateCandidates({
      candidatesPath: flags.candidates,
      outPath: flags.out,
      runDir,
      sandbox: flags.sandbox,
      runs: flags.runs,
      timeoutMs: flags.timeout * 1000,
      tasks: {
        cacheDir: flags.cache,
        repos: flags.repo,
        envOverrides: flags.env,
        history: flags.history,
        runId: 'swegen-validate',
        pip: await hostPipIndexes(),
        ...(flags.baseImage ? { baseImage: flags.baseImage } : {}),
        ...envAgentOptions(flags, process.env),
      },
      workers: flags.workers,
      redo: flags.redo ?? false,
      signal: abortOnSigint(),
      progress: flags.json ? 'off' : 'auto',
    });
    if (flags.json) console.log(JSON.stringify(result.ledger, null, 2));
    else {
      for (const problem of result.problems) console.log(`input problem: ${problem}`);
      console.log(formatLedger(result.ledger));
      console.log(
        `\n${result.instances.length} instances written to ${result.outPath}; summary: ${runDir}/summary.json`,
      );
    }
    if (result.run.interrupted) process.exitCode = 130;
    else if (result.ledger.failures.length > 0) process.exitCode = 1;
  });
}

/** `legofactory swegen mine|validate|synth|publish`. */
export function registerSwegen(program: Command): void {
  const swegen = program.command('swegen').description('make task instances from repositories');
  registerMine(swegen);
  registerValidate(swegen);
  registerSwegenSynth(swegen);
}
