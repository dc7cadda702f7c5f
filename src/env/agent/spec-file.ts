import { z } from 'zod';
import { parse, stringify } from 'yaml';
import type { Sandbox } from '../../sandbox/sandbox.js';
import { EnvSpec } from '../../schema/env.js';
import { formatIssues } from '../../json.js';

/** The file in the agent's checkout that holds the part of the spec it writes. */
export const SPEC_FILE = '.legofactory-env.yaml';

/** What the agent may change: the install steps, the test command and the test variables. */
const AgentSpec = z
  .object({
    install: z.array(z.string()),
    test_cmd: z.string().min(1),
    env: z.record(z.string(), z.string()).default({}),
  })
  .strict();

/** The placeholders the judge needs in a test command: it names the tests to run and reads the report. */
const placeholders = ['{tests}', '{junit}'] as const;

/** Writes the failed spec's editable part where the agent edits it. */
export async function writeSpecFile(sandbox: Sandbox, spec: EnvSpec): Promise<void> {
  const { install, test_cmd, env } = spec;
  await sandbox.writeFile(SPEC_FILE, stringify({ install, test_cmd, env }, { lineWidth: 0 }));
}

/**
 * The spec the agent wrote: its install, test command and variables over the failed spec (language,
 * manifests and parser kept), or why it cannot be used.
 */
export async function readSpecFile(
  sandbox: Sandbox,
  failed: EnvSpec,
): Promise<{ spec: EnvSpec } | { problem: string }> {
  let text: string;
  try {
    text = new TextDecoder().decode(await sandbox.readFile(SPEC_FILE));
  } catch {
    return { problem: `it left no ${SPEC_FILE}` };
  }
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (err) {
    return { problem: `its ${SPEC_FILE} is not YAML (${(err as Error).message.split('\n')[0]})` };
  }
  const parsed = AgentSpec.safeParse(raw);
  if (!parsed.success) return { problem: `its ${SPEC_FILE} is not valid: ${formatIssues(parsed.error)}` };
  const lost = placeholders.filter((p) => failed.test_cmd.includes(p) && !parsed.data.test_cmd.includes(p));
  if (lost.length > 0)
    return {
      problem: `its test command lacks ${lost.join(' and ')}, so the judge could not run named tests or read the report`,
    };
  return { spec: EnvSpec.parse({ ...failed, ...parsed.data }) };
}
