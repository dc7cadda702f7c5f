import type { Command } from 'commander';
import Docker from 'dockerode';
import { ensureDaemon } from '../sandbox/docker-daemon.js';
import { removeOrphans } from '../sandbox/gc.js';
import { removeStrayDirs, removeStrayProcesses } from '../sandbox/gc-local.js';
import { defaultCacheDir } from './options.js';

interface GcFlags {
  all?: boolean;
  run?: string;
  cache: string;
}

const say = (line: string): void => console.log(line);

async function dockerGc(flags: GcFlags): Promise<void> {
  const docker = new Docker();
  const up = await ensureDaemon(docker, 5000).then(
    () => true,
    (err: unknown) => (say(`docker: skipped (${(err as Error).message})`), false),
  );
  if (!up) return;
  const removed = await removeOrphans(docker, { all: flags.all === true, run: flags.run });
  for (const container of removed)
    say(`removed ${container.name} (run ${container.run}, pid ${container.pid ?? '?'})`);
  say(`${removed.length} container(s) removed`);
}

async function localGc(flags: GcFlags): Promise<void> {
  const all = flags.all === true;
  const killed = await removeStrayProcesses({ all });
  for (const pid of killed) say(`killed stray sandbox process ${pid}`);
  const dirs = await removeStrayDirs(flags.cache, { all });
  for (const dir of dirs) say(`removed ${dir}`);
  say(`${killed.length} process(es) killed, ${dirs.length} director(ies) removed`);
}

/** Adds `legofactory gc`: removes what runs that no longer live left behind, on both providers. */
export function registerGc(program: Command): void {
  program
    .command('gc')
    .description(
      'remove what dead legofactory runs left on this host: docker sandbox containers, local sandbox ' +
        'processes, task workspaces under <cache>/work and lf-sandbox-* temp dirs',
    )
    .option('--all', 'remove those of live runs too')
    .option('--run <id>', 'only containers of this run (docker)')
    .option('--cache <dir>', 'the cache whose work directories to clean', defaultCacheDir(process.env))
    .action(async (flags: GcFlags) => {
      await dockerGc(flags);
      if (flags.run === undefined) await localGc(flags);
    });
}
