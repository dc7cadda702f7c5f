/**
 * The pipeline process the multi-stage kill-and-resume test SIGKILLs. Usage:
 * tsx src/pipeline/kill-resume.child.ts PIPELINE.yaml OUT_DIR. Runs every stage (local sandbox as the file
 * says, no model), prints `ready` before the first stage and the stages' counts as JSON when it completes.
 */
import { loadPipeline } from './load.js';
import { runPipeline } from './run-pipeline.js';

const [file = '', outDir = ''] = process.argv.slice(2);
const loaded = await loadPipeline(file);
process.stdout.write('ready\n');
const run = await runPipeline(loaded, { outDir, env: {}, progress: 'off' });
process.stdout.write(`${JSON.stringify(Object.fromEntries(run.stages.map((s) => [s.name, s.counts])))}\n`);
