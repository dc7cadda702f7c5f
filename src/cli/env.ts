import Docker from 'dockerode';
import type { Command } from 'commander';
import { ensureBaseImage } from '../env/base-image.js';
import { LegoError } from '../errors.js';
import { checkEnvironment } from '../tasks/check-env.js';
import { addEnvAgentOptions } from './env-agent-flags.js';
import { registerEnvBuild } from './env-build.js';
import { envCheckSandboxOptions, type EnvCheckFlags } from './env-check-options.js';
import { checkInstancesCommand, registerEnvExplain } from './env-explain.js';
import { registerEnvRecipes } from './env-recipes.js';
import { addTaskOptions, positiveInt } from './options.js';

function registerEnvCheck(env: Command): void {
  const command = env
    .command('check')
    .description(
      "build, check and repair environments: a repository's whole suite at --commit (how many tests " +
        'were parsed), or each instance of --instances (FAIL_TO_PASS fails without the gold patch, ' +
        'FAIL_TO_PASS and PASS_TO_PASS pass with it)',
    )
    .option('--commit <sha>', 'the commit whose whole suite to check (with one --repo)')
    .option('--instances <file>', 'instances (.jsonl or .json) to check one by one')
    .option('--timeout <seconds>', 'test run time limit', positiveInt, 1800)
    .option('--build-timeout <seconds>', 'install time limit of one build attempt', positiveInt, 3600)
    .option('--attempts <n>', 'builds the repair loop tries per environment', positiveInt, 4);
  addTaskOptions(addEnvAgentOptions(command)).action(async (flags: EnvCheckFlags) => {
    if (flags.instances !== undefined) return checkInstancesCommand(flags, flags.instances);
    const repos = Object.keys(flags.repo);
    if (repos.length !== 1 || flags.commit === undefined)
      throw new LegoError(
        'bad_input',
        'env check takes --instances FILE, or one --repo owner/name=PATH_OR_URL with --commit SHA',
      );
    const result = await checkEnvironment(
      {
        ...(await envCheckSandboxOptions(flags)),
        repo: repos[0]!,
        commit: flags.commit,
        timeoutMs: flags.timeout * 1000,
      },
      (line) => console.error(line),
    );
    const counts = Object.entries(result.counts)
      .map(([status, n]) => `${n} ${status}`)
      .join(', ');
    console.log(
      `env ${result.specId}: ${result.parsed} tests parsed (${counts || 'none'}) by ${result.test_run.parser}; ` +
        `exit code ${result.test_run.exit_code}${result.test_run.timed_out ? ', timed out' : ''}`,
    );
    if (result.parsed === 0) {
      console.error(
        "no test results were parsed: check the spec's test_cmd and log_parser (legofactory schema env)",
      );
      process.exitCode = 1;
    }
  });
}

/** `env build`, `env check`, `env explain`, `env recipes` and `env base`. */
export function registerEnv(program: Command): void {
  const env = program.command('env').description('detect, build and check test environments');
  registerEnvBuild(env);
  registerEnvCheck(env);
  registerEnvExplain(env);
  registerEnvRecipes(env);
  env
    .command('base')
    .description('build the default Debian base image (debootstrap + docker import) unless it exists')
    .action(async () => {
      console.log(await ensureBaseImage(new Docker(), undefined, (line) => console.error(line)));
    });
}
