import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scriptedAgents } from '../blocks/trajgen/scripted-agents.js';
import { sharedCacheDir, trajgenFixture, type TrajgenFixture } from '../blocks/trajgen/test-fixture.js';
import { startScriptedServer, type ScriptedServer } from '../llm/scripted-server.js';
import { runCli } from './test-cli.js';

let fixture: TrajgenFixture;
let server: ScriptedServer;
beforeAll(async () => {
  fixture = await trajgenFixture();
  server = await startScriptedServer({ agents: scriptedAgents(fixture.instances, fixture.repos) });
});
afterAll(() => server?.close());

const cli = (...args: string[]) => runCli('trajgen', ...args);

describe('legofactory trajgen', () => {
  it('rollout runs a model from the endpoint, keeps its key out of the run, and predictions writes SWE-bench lines', async () => {
    const out = join(fixture.root, 'cli-run');
    process.env.LF_CLI_TEST_KEY = 'sk-cli-test-0123456789';
    const printed = await cli(
      'rollout',
      ...['--instances', await fixture.instancesFile('mathkit-1'), '--out', out],
      ...['--base-url', server.url, '--model', 'resolver', '--api-key-env', 'LF_CLI_TEST_KEY'],
      ...['--sandbox', 'local', '--cache', sharedCacheDir, '--temperature', '0.5', '--seed', '7', '--json'],
      ...Object.entries(fixture.repos).flatMap(([repo, path]) => ['--repo', `${repo}=${path}`]),
    );
    delete process.env.LF_CLI_TEST_KEY;
    expect(JSON.parse(printed)).toMatchObject({
      trajectories: 1,
      resolved: 1,
      status_counts: { finished: 1 },
    });
    expect(server.authorizations.at(-1)).toBe('Bearer sk-cli-test-0123456789');
    const trajectory = JSON.parse((await readFile(join(out, 'trajectories.jsonl'), 'utf8')).trim());
    expect(trajectory.sampling).toEqual({ temperature: 0.5, seed: 7 });
    expect(JSON.stringify(trajectory)).not.toContain('sk-cli-test');

    const preds = join(fixture.root, 'preds.jsonl');
    expect(await cli('predictions', '--trajectories', join(out, 'trajectories.jsonl'), '--out', preds)).toBe(
      `wrote 1 predictions to ${preds}`,
    );
    expect(JSON.parse(await readFile(preds, 'utf8'))).toEqual({
      instance_id: 'legofactory-examples__mathkit-1',
      model_name_or_path: 'resolver',
      model_patch: fixture.byId('mathkit-1').patch,
    });
  });

  it('rollout refuses the model policy without an endpoint', async () => {
    const failure = cli('rollout', '--instances', 'x.jsonl', '--out', join(fixture.root, 'none'));
    await expect(failure).rejects.toThrow(/needs --base-url and --model \(or use --policy gold\)/);
  });

  it('tools publishes the four tool schemas', async () => {
    const tools = JSON.parse(await cli('tools'));
    expect(tools.map((tool: { function: { name: string } }) => tool.function.name)).toEqual([
      'execute_bash',
      'str_replace_editor',
      'think',
      'finish',
    ]);
    expect(tools[1].function.parameters.required).toEqual(['command', 'path']);
    expect(await cli('tools', '--format', 'text')).toContain('### finish');
    const openhands = await cli('tools', '--format', 'text', '--function-list', 'openhands');
    expect(openhands.match(/^---- BEGIN FUNCTION #\d: \w+ ----$/gm)).toEqual([
      '---- BEGIN FUNCTION #1: execute_bash ----',
      '---- BEGIN FUNCTION #2: think ----',
      '---- BEGIN FUNCTION #3: finish ----',
      '---- BEGIN FUNCTION #4: str_replace_editor ----',
    ]);
  });
});
