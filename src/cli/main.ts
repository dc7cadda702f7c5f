import { Command } from 'commander';
import { registerEnv } from './env.js';
import { registerEval } from './eval.js';
import { registerExport } from './export.js';
import { registerGc } from './gc.js';
import { registerLineage } from './lineage.js';
import { registerPipeline } from './pipeline.js';
import { registerQuickstart } from './quickstart.js';
import { registerRun } from './run.js';
import { registerSchema } from './schema.js';
import { registerSft } from './sft.js';
import { registerStatus } from './status.js';
import { registerSwegen } from './swegen.js';
import { registerTrajgen } from './trajgen.js';
import { registerVerifier } from './verifier.js';

/** Builds the `legofactory` command line. */
export function buildProgram(): Command {
  const program = new Command('legofactory')
    .description('Turn git repositories into validated training data and evaluations for SWE agents')
    .version('0.1.0')
    .showHelpAfterError();
  registerQuickstart(program);
  registerRun(program);
  registerPipeline(program);
  registerStatus(program);
  registerLineage(program);
  registerEval(program);
  registerEnv(program);
  registerExport(program);
  registerGc(program);
  registerSchema(program);
  registerSft(program);
  registerSwegen(program);
  registerTrajgen(program);
  registerVerifier(program);
  return program;
}

export async function main(argv: string[]): Promise<void> {
  await buildProgram().parseAsync(argv);
}
