import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupAgents, needsVariableRepo } from '../env/agent/testing.js';
import { startScriptedServer, type ScriptedServer } from '../llm/scripted-server.js';
import { makeRepo, tempDir } from '../repos/test-repo.js';
import { runCli, runCliForExit } from './test-cli.js';

let root: string;
let server: ScriptedServer;
let commit: string;
beforeAll(async () => {
  root = await tempDir('lf-env-agent-cli-');
  commit = await makeRepo(join(root, 'repo'), needsVariableRepo(`env-agent-cli-${Date.now()}`));
  server = await startScriptedServer({ agents: setupAgents });
});
afterAll(async () => {
  await server?.close();
  await rm(root, { recursive: true, force: true });
});

const check = (...agent: string[]) =>
  runCliForExit(
    ...['env', 'check', '--repo', `acme/modecalc=${join(root, 'repo')}`, '--commit', commit],
    ...['--sandbox', 'local', '--cache', join(root, 'cache'), ...agent],
  );

describe('legofactory env check --agent-base-url', () => {
  it('needs both the endpoint and the model, on env check and swegen validate', async () => {
    await expect(check('--agent-model', 'repairer')).rejects.toThrow(
      /needs both --agent-base-url and --agent-model/,
    );
    const validate = ['swegen', 'validate', '--candidates', join(root, 'none.jsonl')];
    await expect(
      runCliForExit(...validate, '--out', join(root, 'out.jsonl'), '--agent-base-url', server.url),
    ).rejects.toThrow(/needs both --agent-base-url and --agent-model/);
  });

  it('the setup agent repairs the environment, and env explain shows its run and cost', async () => {
    const agent = ['--agent-base-url', server.url, '--agent-model', 'repairer'];
    const { output, exitCode } = await check(...agent, '--agent-price-input', '1000');
    expect(exitCode).toBeUndefined();
    expect(output).toMatch(/^env \w+: 1 tests parsed \(1 PASSED\) by pytest-plugin; exit code 0$/);
    const explained = await runCli('env', 'explain', 'acme/modecalc', '--cache', join(root, 'cache'));
    expect(explained).toMatch(/repair: setup-agent -> spec \w+/);
    expect(explained).toMatch(
      /setup agent: repairer proposed after 3 step\(s\), \d+ tokens, \$(?!0\.0000)\d+\.\d{4}: it wrote a spec; the check decides/,
    );
    expect(explained).toMatch(/ready after 2 attempt\(s\)/);
  });
});
