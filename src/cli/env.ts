import Docker from 'dockerode';
import type { Command } from 'commander';
import { ensureBaseImage } from '../env/base-image.js';
import { hostPipIndexes } from '../env/pip-options.js';
import { checkEnvironment } from '../tasks/check-env.js';
import { registerEnvBuild } from './env-build.js';
import { addTaskOptions, positiveInt, type TaskFlags } from './options.js';

interface EnvCheckFlags extends TaskFlags {
  commit: string;
  timeout: number;
}

function registerEnvCheck(env: Command): void {
  const command = env
    .command('check')
    .description(
      "run a repository's whole test suite in its environment and report how many tests were parsed",
    )
    .requiredOption('--commit <sha>', 'the commit to check')
    .option('--timeout <seconds>', 'test run time limit', positiveInt, 1800);
  addTaskOptions(command).action(async (flags: EnvCheckFlags) => {
    const repos = Object.keys(flags.repo);
    if (repos.length !== 1) throw new Error('env check takes exactly one --repo owner/name=PATH_OR_URL');
    const result = await checkEnvironment(
      {
        provider: flags.sandbox,
        cacheDir: flags.cache,
        repos: flags.repo,
        envOverrides: flags.env,
        history: flags.history,
        runId: 'env-check',
        pip: await hostPipIndexes(),
        repo: repos[0]!,
        commit: flags.commit,
        timeoutMs: flags.timeout * 1000,
        ...(flags.baseImage ? { baseImage: flags.baseImage } : {}),
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

/** `env build`, `env check` and `env base`. */
export function registerEnv(program: Command): void {
  const env = program.command('env').description('detect, build and check test environments');
  registerEnvBuild(env);
  registerEnvCheck(env);
  env
    .command('base')
    .description('build the default Debian base image (debootstrap + docker import) unless it exists')
    .action(async () => {
      console.log(await ensureBaseImage(new Docker(), undefined, (line) => console.error(line)));
    });
}
