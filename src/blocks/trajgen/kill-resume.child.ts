/**
 * The rollout process the kill-and-resume test SIGKILLs. Usage:
 * tsx kill-resume.child.ts OPTIONS_JSON, where the JSON is a TrajgenRunOptions. Prints `ready`, then the
 * run summary as JSON when it completes.
 */
import { runTrajgen, type TrajgenRunOptions } from './run-trajgen.js';

const options = JSON.parse(process.argv[2] ?? '{}') as TrajgenRunOptions;
process.stdout.write('ready\n');
const result = await runTrajgen(options);
process.stdout.write(`${JSON.stringify(result.run)}\n`);
