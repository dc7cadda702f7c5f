import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EditorHistory } from './editor-history.js';
import { strReplaceEditor } from './editor.js';
import { toolBench, type ToolBench } from './test-session.js';

let bench: ToolBench;
beforeAll(async () => {
  bench = await toolBench();
});
afterAll(async () => {
  await bench?.close();
});

/** A history with a bug in it: what a defect in our own code looks like to the editor. */
class BrokenHistory extends EditorHistory {
  override push(): void {
    throw new TypeError("Cannot read properties of undefined (reading 'push')");
  }
}

describe('str_replace_editor errors', () => {
  it('lets a bug in its own code crash instead of answering the agent with ERROR', async () => {
    const context = { ...bench.context, editorHistory: new BrokenHistory() };
    const path = `${bench.sandbox.workdir}/crash.txt`;
    await expect(
      strReplaceEditor.run({ command: 'create', path, file_text: 'x\n' }, context),
    ).rejects.toThrow(TypeError);
  });

  it('answers a helper that failed reading the file with ERROR, never with its empty output', async () => {
    const result = await strReplaceEditor.run({ command: 'view', path: '/proc/self/mem' }, bench.context);
    expect(result.observation).toMatch(
      /^ERROR: Could not read \/proc\/self\/mem \(exit code 1\):[\s\S]*Input\/output error$/,
    );
  });

  it('answers a write the sandbox refuses with ERROR', async () => {
    const result = await strReplaceEditor.run(
      { command: 'create', path: '/lf-editor-test-outside/x.txt', file_text: 'x\n' },
      bench.context,
    );
    expect(result.observation).toMatch(/^ERROR: cannot write \/lf-editor-test-outside\/x.txt/);
  });
});
