import { randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startScriptedServer, type ScriptedServer } from '../../llm/scripted-server.js';
import type { ScriptedRequest } from '../../llm/scripted-server.js';
import { runEval } from '../eval/run-eval.js';
import { writePredictions } from './predictions.js';
import { runTrajgen } from './run-trajgen.js';
import { callReply, goldCallsFor } from './scripted-agents.js';
import { trajgenFixture, type TrajgenFixture } from './test-fixture.js';

/** A line that makes the module it is appended to throw, with the whole environment in the message. */
const envDump = (path: string): string =>
  path.endsWith('.py')
    ? 'raise RuntimeError(repr(dict(__import__("os").environ)))'
    : 'throw new Error(JSON.stringify(process.env));';

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

/** Every file under `dir` that holds any of `secrets`, read as bytes (databases and logs included). */
async function filesHolding(dir: string, secrets: string[]): Promise<string[]> {
  const holding: string[] = [];
  for (const file of await filesUnder(dir)) {
    const bytes = await readFile(file);
    if (secrets.some((secret) => bytes.includes(secret))) holding.push(file);
  }
  return holding;
}

let fixture: TrajgenFixture;
let server: ScriptedServer;
const openAiKey = `sk-lf-${randomUUID()}`;
const apiKey = `lf-api-${randomUUID()}`;
const randomSecret = `lf-random-${randomUUID()}`;
const saved = { ...process.env };

beforeAll(async () => {
  fixture = await trajgenFixture();
  // The agent dumps its shell's environment, then makes the gold fix and a module that prints the environment.
  const leaker = async ({ request, turn }: { request: ScriptedRequest; turn: number }) => {
    const gold = await goldCallsFor(request, fixture.instances, fixture.repos);
    const path = String(gold[0]!.args.path);
    const calls = [
      {
        name: 'execute_bash',
        args: { command: 'env; cat /proc/[0-9]*/environ 2>/dev/null | tr "\\0" "\\n"' },
      },
      ...gold,
      { name: 'execute_bash', args: { command: `printf '\\n%s\\n' '${envDump(path)}' >> ${path}` } },
    ];
    return callReply(request, calls[turn] ?? { name: 'finish', args: { message: 'Done.' } }, turn);
  };
  server = await startScriptedServer({ agents: { leaker } });
  Object.assign(process.env, {
    OPENAI_API_KEY: openAiKey,
    LF_TEST_API_KEY: apiKey,
    LEGOFACTORY_API_KEY_ENV: 'LF_TEST_API_KEY',
    LF_RANDOM_SECRET: randomSecret,
  });
});

afterAll(async () => {
  for (const name of ['OPENAI_API_KEY', 'LF_TEST_API_KEY', 'LEGOFACTORY_API_KEY_ENV', 'LF_RANDOM_SECRET'])
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  await server?.close();
});

describe('secrets on the local sandbox', () => {
  it('a patch whose tests dump the environment leaves no secret in any file of the trajgen and eval runs', async () => {
    const secrets = [openAiKey, apiKey, randomSecret];
    const trajgenDir = join(fixture.root, 'secrets-trajgen');
    const result = await runTrajgen(
      await fixture.options({
        outDir: trajgenDir,
        instancesPath: await fixture.instancesFile('mathkit-1', 'textkit-1'),
        baseUrl: server.url,
        model: 'leaker',
        apiKey,
        secretNames: ['LF_TEST_API_KEY'],
      }),
    );
    expect(result.run.failures).toEqual([]);
    // A module that raises on import: the judge sees no test pass (unresolved, or invalid without a report).
    for (const t of result.trajectories) {
      expect(t.status).toBe('finished');
      expect(['unresolved', 'invalid']).toContain(t.judgement?.status);
    }
    expect(await filesHolding(trajgenDir, secrets)).toEqual([]);
    // The dump ran: the shell's environment is in the trajectories, without the secrets.
    expect(JSON.stringify(result.trajectories)).toContain('LEGOFACTORY_SANDBOX=');

    const predictions = join(fixture.root, 'secrets-predictions.jsonl');
    await writePredictions({
      trajectoriesPath: join(trajgenDir, 'trajectories.jsonl'),
      outPath: predictions,
    });
    const evalDir = join(fixture.root, 'secrets-eval');
    const evaluated = await runEval({
      instancesPath: (await fixture.options({ outDir: evalDir })).instancesPath,
      predictions,
      outDir: evalDir,
      runId: 'leaker',
      sandbox: 'local',
      timeoutMs: 120_000,
      scope: 'test_files',
      progress: 'off',
      tasks: { ...(await fixture.options({ outDir: evalDir })).tasks, runId: 'secrets' },
    });
    expect(evaluated.summary).toMatchObject({ submitted_instances: 2, resolved_instances: 0 });
    expect(await filesHolding(evalDir, secrets)).toEqual([]);
    const outputs = (await filesUnder(evalDir)).filter((file) => file.endsWith('test_output.txt'));
    expect(outputs).toHaveLength(2);
    for (const file of outputs) expect(await readFile(file, 'utf8')).toMatch(/LEGOFACTORY_SANDBOX/);
  });
});
