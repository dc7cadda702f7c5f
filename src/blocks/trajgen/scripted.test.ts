import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startScriptedServer, type ScriptedServer } from '../../llm/scripted-server.js';
import type { Trajectory } from '../../schema/trajectory.js';
import { runTrajgen } from './run-trajgen.js';
import { scriptedAgents } from './scripted-agents.js';
import { trajgenFixture, type TrajgenFixture } from './test-fixture.js';

let fixture: TrajgenFixture;
let server: ScriptedServer;
beforeAll(async () => {
  fixture = await trajgenFixture();
  server = await startScriptedServer({ agents: scriptedAgents(fixture.instances, fixture.repos) });
});
afterAll(() => server?.close());

async function rollOut(model: string, format: 'native' | 'text', ids: string[], extra = {}) {
  const outDir = join(fixture.root, `${model}-${format}`);
  const options = await fixture.options({
    outDir,
    instancesPath: await fixture.instancesFile(...ids),
    baseUrl: server.url,
    model,
    format,
    stream: format === 'text',
    ...extra,
  });
  const result = await runTrajgen(options);
  expect(result.run.failures).toEqual([]);
  return result.trajectories;
}

const labels = (t: Trajectory) => t.steps.map((step) => `${step.tool ?? '-'}:${step.error ?? 'ok'}`);

describe.each(['native', 'text'] as const)('scripted agents against the examples (%s)', (format) => {
  it('a resolving agent resolves both example instances; its reproduction script stays out of the patch', async () => {
    const trajectories = await rollOut('resolver', format, ['mathkit-1', 'textkit-1']);
    expect(trajectories.map((t) => [t.status, t.resolved, t.judgement?.status])).toEqual([
      ['finished', true, 'resolved'],
      ['finished', true, 'resolved'],
    ]);
    for (const t of trajectories) {
      expect(t.dropped_files).toEqual(['reproduce_issue.py']);
      expect(t.patch).toBe(fixture.byId(t.instance_id.split('__')[1]!).patch);
      expect(t.steps.every((step) => step.error === null)).toBe(true);
      const reproduce = t.steps[2]!;
      expect([reproduce.tool, reproduce.exit_code, reproduce.error]).toEqual(['execute_bash', 1, null]);
      expect(t.usage.model_calls).toBe(t.steps.length);
      expect(t.usage.prompt_tokens).toBeGreaterThan(0);
      expect(t.steps.every((step) => step.completion_tokens > 0)).toBe(true);
    }
    const [first] = trajectories;
    if (format === 'text') {
      expect(first!.tools).toEqual([]);
      expect(first!.messages[0]!.content).toContain('### execute_bash');
      expect(first!.messages[3]).toMatchObject({
        role: 'user',
        content: expect.stringMatching(/^EXECUTION RESULT of \[execute_bash\]:\n/),
      });
    } else {
      expect(first!.tools.map((tool) => (tool as { function: { name: string } }).function.name)).toEqual([
        'execute_bash',
        'str_replace_editor',
        'think',
        'finish',
      ]);
      expect(first!.messages[3]).toMatchObject({
        role: 'tool',
        tool_call_id: 'call_0',
        name: 'execute_bash',
      });
    }
    expect(first!.messages[3]!.content).toMatch(
      /\[Current working directory: .+\]\n(.*\n)?\[Command finished with exit code 0\]$/,
    );
  });

  it('an agent that makes an editor error and recovers resolves, and its error step is labelled', async () => {
    const [t] = await rollOut('stumbler', format, ['mathkit-2']);
    expect([t!.status, t!.resolved]).toEqual(['finished', true]);
    expect(labels(t!)).toEqual([
      'str_replace_editor:editor_error',
      'str_replace_editor:ok',
      'str_replace_editor:ok',
      'finish:ok',
    ]);
    expect(t!.steps[0]!.error_detail).toMatch(
      /^ERROR: Nothing was replaced: `old_str` does not occur verbatim/,
    );
  });

  it('malformed calls, unknown tools and replies without a call become labelled error observations', async () => {
    const [t] = await rollOut('garbler', format, ['textkit-2']);
    expect([t!.status, t!.resolved, t!.judgement?.status]).toEqual(['finished', false, 'empty_patch']);
    expect(labels(t!)).toEqual([
      'str_replace_editor:malformed_call',
      'open_file:unknown_tool',
      '-:no_call',
      'finish:ok',
    ]);
    const observations = t!.messages.filter((m) => m.role !== 'assistant').map((m) => m.content);
    expect(
      observations.some((text) =>
        /ERROR: (The function call could not be read|Invalid arguments for str_replace_editor)/.test(text),
      ),
    ).toBe(true);
    expect(observations.some((text) => text.includes('ERROR: There is no function named open_file'))).toBe(
      true,
    );
    expect(observations.some((text) => text.startsWith('Please continue working on the task'))).toBe(true);
  });

  it('an agent that never finishes stops at the step limit', async () => {
    const [t] = await rollOut('looper', format, ['mathkit-3'], { limits: { maxSteps: 3 } });
    expect([t!.status, t!.steps.length, t!.judgement?.status]).toEqual(['max_steps', 3, 'empty_patch']);
  });
});
