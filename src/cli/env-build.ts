import { Option, type Command } from 'commander';
import { stringify } from 'yaml';
import { LegoError } from '../errors.js';
import { buildEnvironment, envBuilders, type EnvSandboxName } from '../env/environment.js';
import { parseEnvFlag, parseRepoFlag } from '../repos/repo-flag.js';
import type { HistoryMode } from '../repos/history.js';
import { defaultCacheDir, historyOption } from './options.js';

interface EnvBuildFlags {
  repo: Map<string, string>;
  commit: string;
  history: HistoryMode;
  sandbox: EnvSandboxName;
  baseImage?: string;
  env: Map<string, string>;
  cache: string;
}

function onlyRepo(repos: Map<string, string>): [string, string] {
  const [entry, ...rest] = repos.entries();
  if (!entry || rest.length > 0) {
    throw new LegoError('bad_input', 'env build takes exactly one --repo owner/name=PATH_OR_URL');
  }
  return entry;
}

async function runEnvBuild(flags: EnvBuildFlags): Promise<void> {
  const [repo, source] = onlyRepo(flags.repo);
  const built = await buildEnvironment({
    repo,
    source,
    commit: flags.commit,
    history: flags.history,
    sandbox: flags.sandbox,
    cacheDir: flags.cache,
    baseImage: flags.baseImage,
    envOverrides: flags.env,
    log: (line) => console.error(line),
  });
  const where = built.image ? { image: built.image } : { env_dir: built.envDir };
  process.stdout.write(stringify({ spec_id: built.specId, ...where, spec: built.spec }, { lineWidth: 0 }));
}

/** Adds `env build`: detect (or take) a repository's environment spec and build it. */
export function registerEnvBuild(envCommand: Command): void {
  envCommand
    .command('build')
    .description(
      "build a repository's test environment at a commit; prints the spec and the image or env dir",
    )
    .requiredOption(
      '--repo <owner/name=PATH_OR_URL>',
      'the repository and where to clone it from',
      parseRepoFlag,
    )
    .requiredOption('--commit <sha>', 'the commit to build the environment for')
    .addOption(historyOption())
    .addOption(
      new Option('--sandbox <kind>', 'where the environment runs')
        .choices(Object.keys(envBuilders))
        .default('docker'),
    )
    .option('--base-image <image>', 'docker base image (default: the locally built Debian image)')
    .option(
      '--env <owner/name=spec.yaml>',
      'use this EnvSpec file instead of detection',
      parseEnvFlag,
      new Map(),
    )
    .option('--cache <dir>', 'cache for mirrors, environments and logs', defaultCacheDir(process.env))
    .action((flags: EnvBuildFlags) => runEnvBuild(flags));
}
