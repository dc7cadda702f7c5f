import type { Command } from 'commander';
import Docker from 'dockerode';
import { ensureDaemon } from '../sandbox/docker-daemon.js';
import { removeOrphans } from '../sandbox/gc.js';

interface GcFlags {
  all?: boolean;
  run?: string;
}

/** Adds `legofactory gc`: removes sandbox containers left behind by runs that no longer live. */
export function registerGc(program: Command): void {
  program
    .command('gc')
    .description('remove docker sandbox containers whose legofactory process is gone (this host)')
    .option('--all', 'remove every legofactory sandbox container, live runs included')
    .option('--run <id>', 'only containers of this run')
    .action(async (flags: GcFlags) => {
      const docker = new Docker();
      await ensureDaemon(docker);
      const removed = await removeOrphans(docker, { all: flags.all === true, run: flags.run });
      for (const container of removed) {
        process.stdout.write(
          `removed ${container.name} (run ${container.run}, pid ${container.pid ?? '?'})\n`,
        );
      }
      process.stdout.write(`${removed.length} container(s) removed\n`);
    });
}
