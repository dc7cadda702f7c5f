import { Option, type Command } from 'commander';
import { hostPipIndexes } from '../env/pip-options.js';
import { formatLedger } from '../blocks/swegen/index.js';
import { endpointFromEnv } from '../blocks/trajgen/quickstart.js';
import { runQuickstart } from '../quickstart.js';
import { formatTrajgenResult } from './trajgen-output.js';
import { formatTtsReport } from './tts-output.js';
import { formatEvalResult } from './eval-output.js';
import { abortOnSigint, positiveInt } from './options.js';

interface QuickstartFlags {
  out: string;
  sandbox: 'auto' | 'docker' | 'local';
  workers: number;
}

export function registerQuickstart(program: Command): void {
  program
    .command('quickstart')
    .description('build the example repositories and evaluate gold and empty predictions on them')
    .option('--out <dir>', 'where examples, runs and caches go', '.legofactory/quickstart')
    .addOption(
      new Option('--sandbox <provider>', 'where tests run')
        .choices(['auto', 'docker', 'local'])
        .default('auto'),
    )
    .option('--workers <n>', 'instances evaluated at once', positiveInt, 2)
    .action(async (flags: QuickstartFlags) => {
      const endpoint = endpointFromEnv(process.env);
      const result = await runQuickstart({
        outDir: flags.out,
        sandbox: flags.sandbox,
        workers: flags.workers,
        pip: await hostPipIndexes(),
        ...(endpoint ? { endpoint } : {}),
        signal: abortOnSigint(),
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
      const [gold, empty] = result.runs.map((r) => r.result.summary);
      if (!gold || !empty) return;
      const validated = result.swegen?.validate.instances.length;
      const rollouts = result.trajgen?.result.summary;
      console.log(
        `\nquickstart (${result.sandbox} sandbox): gold resolved ${gold.resolved_instances}/${gold.total_instances}, ` +
          `empty resolved ${empty.resolved_instances}/${empty.total_instances}` +
          (validated === undefined ? '' : `, swegen validated ${validated} instances from history`) +
          (rollouts
            ? `, trajgen (${result.trajgen?.policy} policy) resolved ${rollouts.resolved}/${rollouts.trajectories}`
            : ''),
      );
      const expected =
        gold.resolved_instances === gold.total_instances &&
        empty.resolved_instances === 0 &&
        validated !== 0 &&
        (result.trajgen?.policy !== 'gold' || rollouts?.resolved === rollouts?.trajectories);
      if (!expected) process.exitCode = 1;
    });
}
