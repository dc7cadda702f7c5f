// A stand-in for the legofactory CLI in the isolation conformance test: it opens a sandbox, prints the
// sandbox's marker, starts a long test run (with a child that leaves its process group) and waits to be
// killed. Usage: node --import tsx conformance-owner.case.ts PROVIDER OPTIONS_JSON SPEC_JSON
import { providers, type ProviderName } from './index.js';
import type { SandboxSpec } from './sandbox.js';

const [name, options, spec] = process.argv.slice(2) as [ProviderName, string, string];
const provider = providers[name](JSON.parse(options) as never);
const sandbox = await provider.create(JSON.parse(spec) as SandboxSpec);
const marker = await sandbox.exec('printf %s "$LEGOFACTORY_SANDBOX"');
process.stdout.write(`${marker.output}\n`);
await sandbox.exec("setsid sh -c 'sleep 600' & sleep 600 & echo up > owner-started; wait", {
  timeoutMs: 600_000,
});
