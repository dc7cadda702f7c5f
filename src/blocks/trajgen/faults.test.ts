import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redactedMark } from '../../agent/redact.js';
import { startScriptedServer, type ScriptedAgent, type ScriptedServer } from '../../llm/scripted-server.js';
import type { Trajectory } from '../../schema/trajectory.js';
import { runTrajgen, type TrajgenRunOptions } from './run-trajgen.js';
import { callReply } from './scripted-agents.js';
import { trajgenFixture, type TrajgenFixture } from './test-fixture.js';

const secret = 'sk-lf-test-7f3a9c2e5b1d4e8f';
const bash = (command: string, extra: Record<string, unknown> = {}) => ({
  name: 'execute_bash',
  args: { command, ...extra },
});
const finish = { name: 'finish', args: { message: 'stop' } };

function plan(...calls: { name: string; args: Record<string, unknown> }[]): ScriptedAgent {
  return ({ request, turn }) => callReply(request, calls[turn] ?? finish, turn);
}

const agents: Record<string, ScriptedAgent> = {
  sleeper: plan(
    bash('echo started; sleep 30; echo late', { timeout: 1 }),
    bash('ls'),
    bash('', { is_input: 'true', timeout: 1 }),
    bash('C-c', { is_input: 'true' }),
    bash('echo after'),
  ),
  down: () => ({ fault: 'status', status: 503, message: 'overloaded' }),
  overflow: ({ request, turn }) =>
    turn === 0
      ? callReply(request, bash('ls'), turn)
      : { fault: 'status', status: 400, message: "This model's maximum context length is 4096 tokens" },
  empty: () => ({ fault: 'empty_choices' }),
  cutter: ({ request, turn }) =>
    turn === 0
      ? callReply(request, bash('ls'), turn)
      : { fault: 'cut', content: 'Let me look at the parser and' },
  chatty: plan(bash('echo one'), bash('echo two'), bash('echo three'), bash('echo four')),
  leaker: plan(
    bash('env | sort; echo "value=$LF_PLAIN_VALUE"'),
    bash('tr "\\0" "\\n" < /proc/$PPID/environ'),
    { name: 'str_replace_editor', args: { command: 'view', path: '/proc/self/environ' } },
    bash(`echo "found ${secret}"`),
  ),
  echoer: ({ request, turn }) =>
    turn === 0
      ? callReply(request, bash('true'), turn)
      : { fault: 'status', status: 401, message: `invalid key ${secret} for this model` },
};

let fixture: TrajgenFixture;
let server: ScriptedServer;
beforeAll(async () => {
  fixture = await trajgenFixture();
  server = await startScriptedServer({ agents });
});
afterAll(() => server?.close());

let runs = 0;
async function one(model: string, extra: Partial<TrajgenRunOptions> = {}): Promise<Trajectory> {
  const outDir = join(fixture.root, `${model}-${++runs}`);
  const options = await fixture.options({
    outDir,
    instancesPath: await fixture.instancesFile('mathkit-1'),
    baseUrl: server.url,
    model,
    ...extra,
  });
  const result = await runTrajgen(options);
  expect(result.run.failures).toEqual([]);
  return result.trajectories[0]!;
}

const labels = (t: Trajectory) => t.steps.map((step) => `${step.exit_code}:${step.error ?? 'ok'}`);

describe('faults end a trajectory with a status and keep what was produced', () => {
  it('a command that outlives its limit keeps running; the next one is refused until C-c', async () => {
    const t = await one('sleeper');
    expect(t.status).toBe('finished');
    expect(labels(t)).toEqual(['-1:ok', 'null:command_busy', '-1:ok', '130:ok', '0:ok', 'null:ok']);
    const results = t.messages.filter((m) => m.role === 'tool').map((m) => m.content);
    expect(results[0]).toMatch(
      /^started\n\[The command has not finished after 1 seconds and is still running/,
    );
    expect(results[1]).toContain(
      'Your command "ls" was NOT run: the previous command "echo started; sleep 30; echo late" is still running',
    );
    expect(results[3]).toContain('[The command was interrupted.]');
    expect(results[4]).toMatch(/^after\n/);
  });

  it('an unreachable model ends the trajectory after the retries', async () => {
    const t = await one('down');
    expect([t.status, t.failure?.kind, t.steps.length]).toEqual(['model_unreachable', 'server_error', 0]);
    expect(t.usage).toMatchObject({ model_calls: 1, retries: 1 });
    expect(t.messages.map((m) => m.role)).toEqual(['system', 'user']);
  });

  it('a context overflow, empty choices and a cut stream each end it with their own status', async () => {
    const overflow = await one('overflow');
    expect([overflow.status, overflow.steps.length, overflow.messages.length]).toEqual([
      'context_overflow',
      1,
      4,
    ]);
    expect((await one('empty')).status).toBe('empty_response');
    const cut = await one('cutter', { stream: true });
    expect([cut.status, cut.steps.length]).toEqual(['stream_cut', 1]);
  });

  it('stops on the token, cost and wall-time budgets', async () => {
    expect((await one('chatty', { limits: { maxTotalTokens: 1 } })).status).toBe('token_budget');
    const costly = await one('chatty', {
      limits: { maxCostUsd: 0.001 },
      pricing: { inputPerMTok: 1000, outputPerMTok: 1000 },
    });
    expect([costly.status, costly.steps.length]).toEqual(['cost_budget', 1]);
    expect(costly.usage.cost_usd).toBeGreaterThan(0.001);
    const slow = await one('chatty', { limits: { maxWallMs: 1 } });
    expect(slow.status).toBe('time_budget');
    expect(slow.steps.length).toBeLessThanOrEqual(1);
  });
});

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true });
  const files = await Promise.all(
    entries.map(async (e) => ((await stat(join(dir, e))).isFile() ? [join(dir, e)] : [])),
  );
  return files.flat();
}

describe('secrets', () => {
  it('never appear in any artifact or log, even when the agent or the endpoint prints them', async () => {
    process.env.LF_TEST_API_KEY = secret;
    process.env.LF_PLAIN_VALUE = secret;
    try {
      const secretOptions = { apiKey: secret, secretNames: ['LF_TEST_API_KEY'] };
      const leaked = await one('leaker', secretOptions);
      const echoed = await one('echoer', secretOptions);
      expect(server.authorizations).toContain(`Bearer ${secret}`);
      // The sandbox's environment is allow-listed: neither variable reaches the shell or its parent.
      expect(leaked.messages[3]!.content).toContain('value=\n');
      expect(leaked.messages[3]!.content).not.toContain('LF_TEST_API_KEY=');
      expect(leaked.messages[5]!.content).not.toContain('LF_PLAIN_VALUE');
      expect(leaked.messages[5]!.content).not.toContain('LF_TEST_API_KEY');
      // A key found another way (here the model writes it) is redacted in the call and its output.
      expect(JSON.stringify(leaked.messages[8])).toContain(`found ${redactedMark}`);
      expect(leaked.messages[9]!.content).toContain(`found ${redactedMark}\n`);
      expect([echoed.status, echoed.failure?.message]).toEqual([
        'model_error',
        expect.stringContaining(redactedMark),
      ]);
      for (const file of await filesUnder(fixture.root)) {
        if (file.includes('/examples/')) continue;
        expect((await readFile(file)).includes(secret), file).toBe(false);
      }
    } finally {
      delete process.env.LF_TEST_API_KEY;
      delete process.env.LF_PLAIN_VALUE;
    }
  });
});
