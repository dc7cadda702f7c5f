import { describe, expect, it } from 'vitest';
import { functionListStyles, type FunctionListName } from '../../agent/fncall-text-styles.js';
import { parseTextCall, typedParams } from '../../agent/fncall-text.js';
import type { ToolSchema } from '../../llm/types.js';
import type { ExportContext } from './exporters/index.js';
import type { SftMessage, SftSample } from '../../schema/sft.js';
import { alternatingText } from './text-format.js';

const editor: ToolSchema = {
  type: 'function',
  function: {
    name: 'str_replace_editor',
    description: 'Edits files.',
    parameters: {
      type: 'object',
      properties: {
        command: { type: 'string', enum: ['view', 'create', 'str_replace'] },
        path: { type: 'string' },
        file_text: { type: 'string' },
        view_range: { type: 'array', items: { type: 'integer' } },
        insert_line: { type: 'integer' },
        timeout: { type: 'number' },
        dry_run: { type: 'boolean' },
        options: { type: 'object' },
      },
      required: ['command', 'path'],
    },
  },
};

const calls: Array<{ content: string; args: Record<string, unknown> }> = [
  {
    content: 'Let me look at the file first.',
    args: { command: 'view', path: '/t/a.py', view_range: [1, 20] },
  },
  {
    content: '',
    args: {
      command: 'create',
      path: '/t/b.py',
      file_text: 'def f():\n    return 1\n\n\nprint(f())\n',
      insert_line: 3,
      timeout: 2.5,
      dry_run: false,
      options: { deep: { list: ['x', 'é'] }, n: null },
    },
  },
  { content: 'Two lines\nof reasoning.', args: { command: 'str_replace', path: '/t/c.py', dry_run: true } },
];

function sample(): SftSample {
  const messages: SftMessage[] = [
    { role: 'system', content: 'You fix bugs.', weight: 0, error_reason: null },
    { role: 'user', content: 'Fix it.\r\nPlease.', weight: 0, error_reason: null },
  ];
  calls.forEach(({ content, args }, i) => {
    const call = {
      id: `c${i}`,
      type: 'function' as const,
      function: { name: editor.function.name, arguments: JSON.stringify(args) },
    };
    messages.push({ role: 'assistant', content, tool_calls: [call], weight: 1, error_reason: null });
    messages.push({
      role: 'tool',
      content: `ok ${i}\r\n`,
      tool_call_id: `c${i}`,
      name: editor.function.name,
      weight: 0,
      error_reason: null,
    });
  });
  return { format: 'native', tools: [editor], messages } as unknown as SftSample;
}

const context = (functionList: FunctionListName, crlf: ExportContext['crlf'] = 'keep'): ExportContext => ({
  textFunctions: 'Functions:\n{{functions}}',
  functionList,
  crlf,
});

describe.each(Object.keys(functionListStyles) as FunctionListName[])('the %s text layout', (layout) => {
  it('renders native calls that parse back to the same calls and the same reasoning', () => {
    const text = alternatingText(sample(), context(layout));
    const assistant = text.filter((m) => m.role === 'assistant');
    expect(assistant).toHaveLength(calls.length);
    assistant.forEach((message, i) => {
      const parsed = parseTextCall(message.content);
      if (parsed.kind !== 'call') throw new Error(`no call in ${message.content}`);
      expect(parsed.call.name).toBe('str_replace_editor');
      expect(typedParams(parsed.call.params, editor)).toEqual(calls[i]!.args);
      expect(message.content.slice(0, message.content.indexOf('<function=')).trimEnd()).toBe(
        calls[i]!.content,
      );
    });
  });

  it('keeps \\r\\n unless asked to normalize it, as SWE-Lego does', () => {
    const kept = alternatingText(sample(), context(layout));
    expect(kept[1]!.content).toBe('Fix it.\r\nPlease.');
    const normalized = alternatingText(sample(), context(layout, 'normalize'));
    expect(normalized[1]!.content).toBe('Fix it.\nPlease.');
    expect(normalized.some((m) => m.content.includes('\r\n'))).toBe(false);
    expect(normalized[2]!.content).toBe(kept[2]!.content);
  });
});

describe('the text layouts side by side', () => {
  it('differ in the system prompt and in how reasoning joins its call', () => {
    const ours = alternatingText(sample(), context('legofactory'));
    const openhands = alternatingText(sample(), context('openhands'));
    expect(ours[0]!.content).toMatch(/^You fix bugs\.\n\nFunctions:\n### str_replace_editor\n/);
    expect(openhands[0]!.content).toMatch(
      /^You fix bugs\.\nTools you can call are listed below\.\n\n---- BEGIN FUNCTION #1: str_replace_editor ----\n/,
    );
    expect(ours[2]!.content).toMatch(/^Let me look at the file first\.\n<function=str_replace_editor>\n/);
    expect(openhands[2]!.content).toMatch(
      /^Let me look at the file first\.\n\n<function=str_replace_editor>\n/,
    );
    expect(openhands[4]!.content).toContain(
      '<parameter=timeout>2.5</parameter>\n<parameter=dry_run>False</parameter>',
    );
    expect(openhands[4]!.content).toContain(
      '<parameter=options>{"deep": {"list": ["x", "\\u00e9"]}, "n": null}</parameter>',
    );
    expect(ours[4]!.content).toContain('<parameter=dry_run>false</parameter>');
  });

  it("uses the context's OpenHands suffix byte for byte in the openhands layout only", () => {
    const functionSuffix = '\n<<tools>>\r\n{description}<</tools>>';
    const list = functionListStyles.openhands.describe([editor]);
    const withSuffix = (layout: FunctionListName) =>
      alternatingText(sample(), { ...context(layout), functionSuffix })[0]!.content;
    expect(withSuffix('openhands')).toBe(`You fix bugs.\n<<tools>>\r\n${list}<</tools>>`);
    expect(withSuffix('legofactory')).toBe(alternatingText(sample(), context('legofactory'))[0]!.content);
  });
});
