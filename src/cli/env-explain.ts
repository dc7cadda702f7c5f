import type { Command } from 'commander';
import { LegoError } from '../errors.js';
import { explainLedger } from '../env/explain.js';
import { constructionsFor, ledgerDir, readLedger } from '../env/ledger.js';
import { checkInstances } from '../tasks/check-instances.js';
import { envCheckSandboxOptions, type EnvCheckFlags } from './env-check-options.js';
import { defaultCacheDir, positiveInt } from './options.js';
import { readInstances } from './read-instances.js';

interface ExplainFlags {
  cache: string;
  json?: boolean;
  tail: number;
}

async function explain(id: string, flags: ExplainFlags): Promise<void> {
  const repo = /^[\w.-]+\/[\w.-]+/.exec(id)?.[0];
  const entries = constructionsFor(await readLedger(flags.cache, repo), id);
  if (entries.length === 0)
    throw new LegoError(
      'bad_input',
      `the env ledger (${ledgerDir(flags.cache)}) has nothing for ${id}; give an instance id, a spec id, ` +
        'owner/name@commit or owner/name, and the --cache the environment was built with',
    );
  if (flags.json) for (const entry of entries) console.log(JSON.stringify(entry));
  else console.log(explainLedger(entries, flags.tail));
}

/** Adds `env explain ID`: the env ledger's attempts for an instance, spec, commit or repository. */
export function registerEnvExplain(env: Command): void {
  env
    .command('explain <id>')
    .description(
      'print the env ledger: every attempt to build and check an environment, its diagnosis and repair. ' +
        'ID: an instance id, a spec id (start, tried or final), owner/name@commit (a prefix of 4+ ' +
        'characters) or owner/name',
    )
    .option('--json', 'print the ledger entries as JSON lines')
    .option('--tail <lines>', 'log lines shown per failed attempt', positiveInt, 15)
    .option('--cache <dir>', 'the cache holding the ledger', defaultCacheDir(process.env))
    .action((id: string, flags: ExplainFlags) => explain(id, flags));
}

/** `env check --instances FILE`: one line per instance; exit code 1 when any environment failed. */
export async function checkInstancesCommand(flags: EnvCheckFlags, path: string): Promise<void> {
  const checks = await checkInstances(
    await envCheckSandboxOptions(flags),
    await readInstances(path),
    (line) => console.error(line),
  );
  for (const check of checks) {
    const repairs = check.repairs.length > 0 ? `, repaired by ${check.repairs.join(', ')}` : '';
    const how = check.attempts === 0 ? 'reused' : `${check.attempts} attempt(s)${repairs}`;
    console.log(`${check.instance_id}: ${check.status} (${how}): ${check.message}`);
  }
  const failed = checks.filter((check) => check.status === 'failed').length;
  console.log(`${checks.length - failed} of ${checks.length} environments ready`);
  if (failed > 0) process.exitCode = 1;
}
