import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startScriptedServer, type ScriptedAgent, type ScriptedServer } from '../../llm/scripted-server.js';
import { tempDir } from '../../repos/test-repo.js';
import type { LedgerAttempt, LedgerEntry } from '../../schema/env-ledger.js';
import { TaskSandboxes, type TaskSandboxOptions } from '../../tasks/task-sandboxes.js';
import { readLedger } from '../ledger.js';
import { localFixture } from '../test-fixtures.js';
import { setupAgentDefaults, type SetupAgentConfig } from './config.js';
import { needsVariableRepo, setupAgents } from './testing.js';

let root: string;
let cache: string;
let server: ScriptedServer;
const salt = `setup-agent-${Date.now()}`;
beforeAll(async () => {
  root = await tempDir('lf-setup-agent-');
  cache = join(root, 'cache');
  server = await startScriptedServer({ agents: { ...setupAgents, prober } });
});
afterAll(async () => {
  await server?.close();
  await rm(root, { recursive: true, force: true });
});

/** Fetches the scripted server's model list from inside its sandbox, then finishes with the spec unchanged. */
let probed = '';
const prober: ScriptedAgent = ({ request, turn }) => {
  if (turn === 1) probed = request.messages.at(-1)?.content ?? '';
  return turn === 0
    ? {
        tool_calls: [
          {
            name: 'execute_bash',
            arguments: JSON.stringify({
              command: `python3 -c "import urllib.request as u; print('status', u.urlopen('${server.url}/models').status)"`,
            }),
          },
        ],
      }
    : { tool_calls: [{ name: 'finish', arguments: JSON.stringify({ message: 'looked around' }) }] };
};

const pricing = { inputPerMTok: 1, outputPerMTok: 2 };

async function open(
  name: string,
  agent?: Partial<SetupAgentConfig>,
  extra: Partial<TaskSandboxOptions> = {},
) {
  const { options, instance, repo } = await localFixture(root, name, needsVariableRepo(salt), {
    cacheDir: cache,
    runId: 'setup-agent-test',
  });
  const agentOptions = agent
    ? { envAgent: { ...setupAgentDefaults, baseUrl: server.url, model: 'repairer', pricing, ...agent } }
    : {};
  return { opening: new TaskSandboxes({ ...options, ...agentOptions, ...extra }).open(instance), repo };
}

const attempts = (entries: LedgerEntry[]) => entries.filter((e): e is LedgerAttempt => e.kind === 'attempt');
const results = (entries: LedgerEntry[]) => entries.flatMap((e) => (e.kind === 'result' ? [e] : []));

describe('the setup agent', () => {
  it('is off without an endpoint: no rule recognises the failure and the loop stops', async () => {
    const { opening, repo } = await open('off');
    await expect(opening).rejects.toThrow(/no repair rule recognises this failure/);
    const entries = await readLedger(cache, repo);
    expect(attempts(entries).map((a) => [a.phase, a.passed, a.agent])).toEqual([['check', false, undefined]]);
  });

  it('repairs what no rule can: its spec passes the check, and its tokens and cost are in the ledger', async () => {
    const before = server.requests;
    const { opening, repo } = await open('repaired', {});
    const task = await opening;
    await task.close();
    expect(server.requests - before).toBe(3);
    expect(task.spec.env).toMatchObject({ MODECALC_MODE: 'strict' });
    const entries = await readLedger(cache, repo);
    const [first, second] = attempts(entries);
    expect(attempts(entries)).toHaveLength(2);
    expect(first).toMatchObject({ phase: 'check', passed: false, repair: { rule: 'setup-agent' } });
    expect(first!.diagnosis).toMatchObject({ rule: 'setup-agent', subject: 'repairer' });
    const agent = first!.agent!;
    expect([agent.model, agent.endpoint, agent.status, agent.steps]).toEqual([
      'repairer',
      server.url,
      'proposed',
      3,
    ]);
    expect(agent.prompt_tokens).toBeGreaterThan(0);
    expect(agent.completion_tokens).toBeGreaterThan(0);
    expect(agent.total_tokens).toBe(agent.prompt_tokens + agent.completion_tokens);
    expect(agent.cost_usd).toBeCloseTo((agent.prompt_tokens * 1 + agent.completion_tokens * 2) / 1e6, 12);
    expect(first!.repair!.spec_id).toBe(second!.spec_id);
    expect(second).toMatchObject({ phase: 'check', passed: true, message: 'suite: 1 PASSED' });
    expect(second!.spec!.env).toEqual({ ...first!.spec!.env, MODECALC_MODE: 'strict' });
    expect(second!.spec!.install).toEqual(first!.spec!.install);
    expect(second!.spec!.test_cmd).toBe(first!.spec!.test_cmd);
    const [result] = results(entries);
    expect([result!.status, result!.attempts, result!.final_spec_id]).toEqual(['ready', 2, second!.spec_id]);
  });

  it('an agent that repeats one call is stopped, recorded with its tokens, and nothing is marked ready', async () => {
    const before = server.requests;
    const { opening, repo } = await open('looping', { model: 'looper' });
    await expect(opening).rejects.toMatchObject({ code: 'env_build_failed' });
    await expect(opening).rejects.toThrow(
      /the setup agent \(looper\) gave no spec after 3 step\(s\): it made the same call 3 times in a row.*env explain fixtures\/looping@/s,
    );
    expect(server.requests - before).toBe(3);
    const entries = await readLedger(cache, repo);
    const [only] = attempts(entries);
    expect(attempts(entries)).toHaveLength(1);
    expect(only!.repair).toBeUndefined();
    expect(only!.agent).toMatchObject({ status: 'looping', steps: 3 });
    expect(only!.agent!.total_tokens).toBeGreaterThan(0);
    expect(results(entries).map((r) => [r.status, r.attempts])).toEqual([['failed', 1]]);
  });

  it('an agent that never finishes stops at its step limit with a message saying which flag to raise', async () => {
    const { opening, repo } = await open('wandering', { model: 'wanderer', maxSteps: 4 });
    await expect(opening).rejects.toThrow(/used its 4 steps without finishing \(raise --agent-max-steps\)/);
    const entries = await readLedger(cache, repo);
    expect(attempts(entries).map((a) => [a.agent?.status, a.agent?.steps])).toEqual([['max_steps', 4]]);
    expect(results(entries).map((r) => r.status)).toEqual(['failed']);
  });

  it('a spec whose test command lost {junit} is not proposed: the judge could not read its report', async () => {
    const { opening, repo } = await open('dropper', { model: 'dropper' });
    await expect(opening).rejects.toThrow(
      /the setup agent \(dropper\) gave no spec after 2 step\(s\): it finished, but its test command lacks \{junit\}/,
    );
    const entries = await readLedger(cache, repo);
    expect(attempts(entries).map((a) => [a.agent?.status, a.repair])).toEqual([['no_spec', undefined]]);
  });

  it("the agent's sandbox has the network on: it reaches the model server from inside", async () => {
    const before = server.requests;
    const { opening } = await open('prober', { model: 'prober' });
    await expect(opening).rejects.toThrow(/the repair \(setup-agent\) gives a spec already tried/);
    expect(server.requests - before).toBe(2);
    expect(probed).toMatch(/^status 200$/m);
  });

  it('is not called when no attempt is left to check its spec', async () => {
    const before = server.requests;
    const { opening, repo } = await open('last-attempt', {}, { envAttempts: 1 });
    await expect(opening).rejects.toThrow(/after 1 attempt\(s\).*no repair rule recognises this failure/s);
    expect(server.requests).toBe(before);
    const entries = await readLedger(cache, repo);
    expect(attempts(entries).map((a) => a.agent)).toEqual([undefined]);
  });
});
