import { describe, expect, it } from 'vitest';
import type { Trajectory } from '../../schema/trajectory.js';
import { shapeConversation } from './conversation.js';
import { stepsWithOneError, testTrajectory } from './test-trajectories.js';

const options = { errorMask: true, maxMessageChars: 10_000 };

function weights(trajectory: Trajectory, overrides = {}) {
  const shaped = shapeConversation(trajectory, { ...options, ...overrides });
  if ('drop' in shaped) throw new Error(shaped.drop);
  return shaped.messages.map((m) => `${m.role}:${m.weight}:${m.error_reason ?? '-'}`);
}

describe('shapeConversation', () => {
  it('masks the error step, keeps it in context and ends at the last assistant message', () => {
    expect(weights(testTrajectory({ id: '1', steps: stepsWithOneError() }))).toEqual([
      'system:0:-',
      'user:0:-',
      'assistant:1:-',
      'user:0:-',
      'assistant:0:editor_error',
      'user:0:-',
      'assistant:1:-',
      'user:0:-',
      'assistant:1:-',
    ]);
  });

  it('trains every step with --no-error-mask but still names the error', () => {
    const shaped = weights(testTrajectory({ id: '1', steps: stepsWithOneError() }), { errorMask: false });
    expect(shaped[4]).toBe('assistant:1:editor_error');
  });

  it('keeps native tool calls and tool messages', () => {
    const shaped = shapeConversation(
      testTrajectory({ id: '1', format: 'native', steps: stepsWithOneError() }),
      options,
    );
    if ('drop' in shaped) throw new Error(shaped.drop);
    expect(shaped.messages.map((m) => m.role)).toEqual([
      'system',
      'user',
      'assistant',
      'tool',
      'assistant',
      'tool',
      'assistant',
      'tool',
      'assistant',
    ]);
    expect(shaped.messages[2]!.tool_calls![0]!.function.name).toBe('execute_bash');
    expect(shaped.messages[3]).toMatchObject({ tool_call_id: 'call_0', name: 'execute_bash', weight: 0 });
  });

  it('masks a call to a tool the trajectory never offered, and counts the repair', () => {
    const steps = [{ tool: 'browse_web', args: { url: 'x' }, observation: 'ok' }, ...stepsWithOneError()];
    const shaped = shapeConversation(testTrajectory({ id: '1', steps }), options);
    if ('drop' in shaped) throw new Error(shaped.drop);
    expect(shaped.messages[2]).toMatchObject({ weight: 0, error_reason: 'unknown_tool' });
    expect(shaped.repairs).toEqual(['unknown_tool_masked']);
  });

  it('drops broken role order, missing labels and trajectories without an assistant turn', () => {
    const swapped = testTrajectory({ id: '1', steps: stepsWithOneError() });
    swapped.messages.splice(1, 1);
    expect(shapeConversation(swapped, options)).toEqual({ drop: 'broken_role_order' });

    const orphan = testTrajectory({ id: '1', format: 'native', steps: stepsWithOneError() });
    (orphan.messages[3] as { tool_call_id: string }).tool_call_id = 'call_unknown';
    expect(shapeConversation(orphan, options)).toEqual({ drop: 'broken_role_order' });

    const unlabelled = testTrajectory({ id: '1', steps: stepsWithOneError() });
    unlabelled.steps.pop();
    expect(shapeConversation(unlabelled, options)).toEqual({ drop: 'missing_labels' });

    expect(shapeConversation(testTrajectory({ id: '1', steps: [] }), options)).toEqual({
      drop: 'no_assistant_turn',
    });
  });

  it('cuts over-long content in the middle, masks a cut assistant message and repairs broken UTF-16', () => {
    const steps = stepsWithOneError();
    steps[0]!.observation = 'x'.repeat(500);
    steps[2]!.thought = 'y'.repeat(300);
    steps[1]!.observation = 'ERROR: bad \ud800 path';
    const shaped = shapeConversation(testTrajectory({ id: '1', steps }), {
      ...options,
      maxMessageChars: 200,
    });
    if ('drop' in shaped) throw new Error(shaped.drop);
    expect(shaped.messages[3]!.content).toMatch(
      /^EXECUTION RESULT of \[execute_bash\]:\nx{64}\n\[\.\.\. \d+ characters cut \.\.\.\]\nx{100}$/,
    );
    expect(shaped.messages[6]).toMatchObject({ weight: 0, error_reason: 'truncated' });
    expect(shaped.messages[5]!.content).toBe(
      'EXECUTION RESULT of [str_replace_editor]:\nERROR: bad \ufffd path',
    );
    expect(shaped.repairs).toEqual(['content_truncated', 'non_utf8_repaired']);
  });
});
