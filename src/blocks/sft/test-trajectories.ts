import { renderTextCall, textResult } from '../../agent/fncall-text.js';
import { toolSchemas } from '../../agent/tools/index.js';
import type { ChatMessage, StepRecord, Trajectory } from '../../schema/trajectory.js';

/** One agent step of a test trajectory: the call it makes, what came back, and its error label. */
export interface TestStep {
  tool: string;
  args: Record<string, unknown>;
  observation: string;
  error?: string;
  thought?: string;
}

export interface TestTrajectoryOptions {
  id: string;
  instance?: string;
  format?: 'native' | 'text';
  steps: TestStep[];
  resolved?: boolean;
  partial?: boolean;
  patch?: string;
  repo?: string;
  baseCommit?: string;
}

function stepRecord(step: TestStep, index: number, messageIndex: number): StepRecord {
  return {
    index,
    message_index: messageIndex,
    tool: step.tool,
    arguments: step.args,
    exit_code: step.tool === 'execute_bash' ? 0 : null,
    duration_ms: 5,
    error: step.error ?? null,
    model_ms: 10,
    prompt_tokens: 100,
    completion_tokens: 20,
  };
}

function assistantMessage(step: TestStep, format: 'native' | 'text', id: string): ChatMessage {
  const thought = step.thought ?? `I will call ${step.tool}.`;
  if (format === 'text')
    return { role: 'assistant', content: `${thought}\n${renderTextCall(step.tool, step.args)}` };
  const call = {
    id,
    type: 'function' as const,
    function: { name: step.tool, arguments: JSON.stringify(step.args) },
  };
  return { role: 'assistant', content: thought, tool_calls: [call] };
}

function resultMessage(step: TestStep, format: 'native' | 'text', id: string): ChatMessage {
  if (format === 'text') return { role: 'user', content: textResult(step.tool, step.observation) };
  return { role: 'tool', tool_call_id: id, name: step.tool, content: step.observation };
}

/** A schema-valid judged trajectory made of the given steps, in the text or native call format. */
export function testTrajectory(options: TestTrajectoryOptions): Trajectory {
  const format = options.format ?? 'text';
  const instance = options.instance ?? `acme__calc-${options.id}`;
  const messages: ChatMessage[] = [
    { role: 'system', content: 'You are a careful software engineer.' },
    {
      role: 'user',
      content: `Fix the issue in /testbed.\n\nIssue: add() returns the wrong sum (${instance}).`,
    },
  ];
  const steps = options.steps.map((step, i) => {
    const callId = `call_${i}`;
    messages.push(assistantMessage(step, format, callId));
    const record = stepRecord(step, i, messages.length - 1);
    messages.push(resultMessage(step, format, callId));
    return record;
  });
  const resolved = options.resolved ?? true;
  const usage = { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0, cost_usd: 0, model_calls: 0 };
  return {
    trajectory_id: `${instance}#${options.id}`,
    instance_id: instance,
    repo: options.repo ?? 'acme/calc',
    base_commit: options.baseCommit ?? 'a'.repeat(40),
    sample: 0,
    policy: 'model',
    model: 'test-model',
    format,
    tools: format === 'native' ? (toolSchemas() as unknown as Array<Record<string, unknown>>) : [],
    messages,
    steps,
    status: 'finished',
    patch:
      options.patch ??
      `diff --git a/calc.py b/calc.py\n--- a/calc.py\n+++ b/calc.py\n@@ -1 +1 @@\n-x\n+${options.id}\n`,
    dropped_files: [],
    judgement: {
      status: resolved ? 'resolved' : 'unresolved',
      message: '',
      resolved,
      partial: options.partial ?? false,
      resolution: resolved ? 'FULL' : options.partial ? 'PARTIAL' : 'NO',
      apply_method: 'git apply',
      duration_ms: 100,
    },
    resolved,
    partial: options.partial ?? false,
    sampling: { temperature: 0 },
    usage: { ...usage, retries: 0, model_ms: 0 },
    duration_ms: 1000,
    started_at: '2025-01-01T00:00:00.000Z',
  };
}

/** A common shape: look at the file, make a mistake, recover, fix, finish. */
export function stepsWithOneError(fix = 'return a + b'): TestStep[] {
  return [
    {
      tool: 'execute_bash',
      args: { command: 'cat calc.py' },
      observation: 'def add(a, b):\n    return a - b',
    },
    {
      tool: 'str_replace_editor',
      args: { command: 'str_replace', path: '/testbed/nope.py', old_str: 'x', new_str: 'y' },
      observation: 'ERROR: Invalid `path` parameter: /testbed/nope.py does not exist.',
      error: 'editor_error',
    },
    {
      tool: 'str_replace_editor',
      args: { command: 'str_replace', path: '/testbed/calc.py', old_str: 'return a - b', new_str: fix },
      observation: 'The file /testbed/calc.py has been edited.',
    },
    { tool: 'finish', args: { message: 'Fixed add().' }, observation: 'Finished.' },
  ];
}
