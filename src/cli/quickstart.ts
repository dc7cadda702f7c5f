import { join } from 'node:path';
import { Option, type Command } from 'commander';
import { hostPipIndexes } from '../env/pip-options.js';
import { formatLedger } from '../blocks/swegen/index.js';
import { endpointFromEnv } from '../blocks/trajgen/quickstart.js';
import { runQuickstart } from '../quickstart.js';
import { formatTrajgenResult } from './trajgen-output.js';
import { formatTtsReport } from './tts-output.js';
import { formatEvalResult } from './eval-output.js';
import { formatQuickstartNumbers, quickstartNumbers, quickstartVerdict } from '../quickstart-verdict.js';
import { abortOnSigint, defaultCacheDir, positiveInt } from './options.js';

interface QuickstartFlags {
  out?: string;
  cache: string;
  sandbox: 'auto' | 'docker' | 'local';
  workers: number;
}

export function registerQuickstart(program: Command): void {
  program
    .command('quickstart')
    .description('build the example repositories and evaluate gold and empty predictions on them')
    .option(
      '--out <dir>',
      'where the results go: run directories, instances, SFT datasets (default: <cache>/quickstart)',
    )
    .option(
      '--cache <dir>',
      'where the example repositories, mirrors, environments and work directories go',
      defaultCacheDir(process.env),
    )
    .addOption(
      new Option('--sandbox <provider>', 'where tests run')
        .choices(['auto', 'docker', 'local'])
        .default('auto'),
    )
    .option(
      '--workers <n>',
      'items in flight in every stage (eval, swegen, synth, trajgen, tts)',
      positiveInt,
      2,
    )
    .action(async (flags: QuickstartFlags) => {
      const endpoint = endpointFromEnv(process.env);
      const signal = abortOnSigint();
      // Results sit beside the inputs they were computed from unless --out says otherwise, so another cache
      // gets its own results instead of a run directory that refuses to resume under a changed config.
      const outDir = flags.out ?? join(flags.cache, 'quickstart');
      const result = await runQuickstart({
        outDir,
        cacheDir: flags.cache,
        sandbox: flags.sandbox,
        workers: flags.workers,
        pip: await hostPipIndexes(),
        ...(endpoint ? { endpoint } : {}),
        signal,
        log: (line) => console.log(line),
      });
      for (const { predictions, result: run } of result.runs) {
        console.log(`\n== ${predictions} predictions (${result.sandbox} sandbox) ==`);
        console.log(formatEvalResult(run));
      }
      if (result.swegen) {
        console.log("\n== swegen: instances mined and validated from the examples' history ==");
        console.log(formatLedger(result.swegen.ledger));
      }
      if (result.synth) {
        console.log('\n== swegen synth: synthetic bugs planted in the examples and validated ==');
        console.log(formatLedger(result.synth.ledger));
      }
      if (result.trajgen) {
        console.log(`\n== trajgen: ${result.trajgen.reason} ==`);
        console.log(formatTrajgenResult(result.trajgen.result));
      }
      if (result.sft) console.log(`\n== sft: datasets from the trajectories ==\n${result.sft.summary}`);
      if (result.tts) {
        console.log(`\n== eval tts: ${result.tts.reason} ==`);
        console.log(formatTtsReport(result.tts.report));
      }
      const numbers = quickstartNumbers(result, signal.aborted);
      const verdict = quickstartVerdict(numbers);
      console.log(`\nsandbox: ${result.sandbox} (${result.sandboxReason})`);
      console.log(`quickstart (${result.sandbox} sandbox): ${formatQuickstartNumbers(numbers)}`);
      console.log(
        `results in ${outDir}; example repositories, environments and work directories in ${flags.cache}`,
      );
      console.log(verdict.line);
      if (!verdict.ok) process.exitCode = 1;
    });
}
