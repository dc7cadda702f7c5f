import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stepErrorOf } from './step-errors.js';
import { toolBench, type ToolBench } from './tools/test-session.js';

let bench: ToolBench;
beforeAll(async () => {
  bench = await toolBench();
  await bench.call('execute_bash', { command: 'printf "x\\n" > notes.txt && chmod -x notes.txt' });
});
afterAll(() => bench?.close());

const bash = async (command: string, extra: Record<string, unknown> = {}) =>
  stepErrorOf(await bench.call('execute_bash', { command, ...extra }));

describe('step-error rules on real shell and editor results', () => {
  it('labels commands that could not run', async () => {
    expect(await bash('definitely-not-a-command --help')).toBe('command_not_found');
    expect(await bash('./notes.txt')).toBe('command_not_executable');
    expect(await bash('if then fi')).toBe('shell_syntax_error');
    expect(await bash('python3 no_such_script.py')).toBe('script_not_found');
    expect(await bash('node no_such_script.js')).toBe('script_not_found');
    expect(await bash('./no_such_script.sh')).toBe('script_not_found');
  });

  it('does not label commands that ran and failed: failing tests, reproduction scripts, grep misses', async () => {
    expect(await bash('python3 -c "import sys; print(\'AssertionError: bug\'); sys.exit(1)"')).toBeNull();
    expect(await bash('python3 -c "assert 1 == 2"')).toBeNull();
    expect(await bash('grep -rn no-such-text src')).toBeNull();
    expect(await bash('cat no_such_file.txt')).toBeNull();
    expect(await bash('git diff --exit-code || true; false')).toBeNull();
    expect(await bash('echo ok')).toBeNull();
  });

  it('labels a command sent while another still runs, and input sent when none runs', async () => {
    expect(await bash('', { is_input: 'true' })).toBe('no_running_command');
    expect(await bash('sleep 20', { timeout: 1 })).toBeNull();
    expect(await bash('ls')).toBe('command_busy');
    expect(await bash('yes', { is_input: 'true' })).toBe('unsupported_input');
    expect(await bash('C-c', { is_input: 'true' })).toBeNull();
    expect(await bash('echo free again')).toBeNull();
  });

  it('labels editor errors and nothing else the editor does', async () => {
    const path = `${bench.sandbox.workdir}/src/app.py`;
    const edit = async (args: Record<string, unknown>) =>
      stepErrorOf(await bench.call('str_replace_editor', { path, ...args }));
    expect(await edit({ command: 'view' })).toBeNull();
    expect(await edit({ command: 'str_replace', old_str: 'not there', new_str: 'x' })).toBe('editor_error');
    expect(await edit({ command: 'create', file_text: 'x' })).toBe('editor_error');
    expect(await edit({ command: 'str_replace', old_str: 'a + b', new_str: 'b + a' })).toBeNull();
    expect(await edit({ command: 'undo_edit' })).toBeNull();
    expect(await edit({ command: 'undo_edit' })).toBe('editor_error');
  });

  it('labels call-level mistakes from the facts alone', () => {
    const base = { tool: 'execute_bash', observation: '', exitCode: null };
    expect(stepErrorOf({ ...base, parse: 'malformed' })).toBe('malformed_call');
    expect(stepErrorOf({ ...base, tool: 'open_file', parse: 'unknown_tool' })).toBe('unknown_tool');
    expect(stepErrorOf({ ...base, tool: null, parse: 'no_call' })).toBe('no_call');
    expect(stepErrorOf({ ...base, tool: 'think', parse: 'ok' })).toBeNull();
  });
});
