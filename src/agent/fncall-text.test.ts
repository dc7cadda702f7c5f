import { describe, expect, it } from 'vitest';
import { completeCall, describeFunctions, parseTextCall, renderTextCall, textResult } from './fncall-text.js';
import { toolSchemas } from './tools/index.js';

describe('the text function-calling format', () => {
  it('reads a call with one-line and multi-line parameters, keeping the text before it', () => {
    const text =
      'Let me fix it.\n<function=str_replace_editor>\n<parameter=command>str_replace</parameter>\n' +
      '<parameter=path>/testbed/a.py</parameter>\n<parameter=old_str>\n    if x:\n        pass\n</parameter>\n' +
      '<parameter=new_str>\n    if y:\n</parameter>\n</function>';
    expect(parseTextCall(text)).toEqual({
      kind: 'call',
      content: text,
      call: {
        name: 'str_replace_editor',
        params: {
          command: 'str_replace',
          path: '/testbed/a.py',
          old_str: '    if x:\n        pass',
          new_str: '    if y:',
        },
      },
    });
  });

  it('tolerates a call cut at the stop word, missing </parameter> tags and quoted names', () => {
    const cut = '<function=execute_bash>\n<parameter=command>ls -la\n';
    const parsed = parseTextCall(cut);
    expect(parsed).toMatchObject({
      kind: 'call',
      call: { name: 'execute_bash', params: { command: 'ls -la' } },
    });
    expect(parsed.content).toBe('<function=execute_bash>\n<parameter=command>ls -la\n</function>');
    expect(completeCall('<function=think>\n<parameter=thought>x</parameter>\n</')).toMatch(/<\/function>$/);
    const loose = parseTextCall(
      '<function="think">\n<parameter = "thought">a\n<parameter=extra>b</parameter></function>',
    );
    expect(loose).toMatchObject({
      kind: 'call',
      call: { name: 'think', params: { thought: 'a', extra: 'b' } },
    });
  });

  it('tells a reply without a call from a broken attempt at one', () => {
    expect(parseTextCall('I will look at the file next.')).toEqual({
      kind: 'none',
      content: 'I will look at the file next.',
    });
    expect(parseTextCall('<parameter=command>ls</parameter>')).toMatchObject({
      kind: 'malformed',
      name: null,
    });
    expect(parseTextCall('<function=>\n</function>')).toMatchObject({
      kind: 'malformed',
      detail: 'the function name is empty',
    });
  });

  it('renders calls that parse back to the same parameters', () => {
    const params = { command: 'create', path: '/x.py', file_text: 'a\n\nb\n' };
    const text = renderTextCall('str_replace_editor', params);
    expect(parseTextCall(text)).toMatchObject({ kind: 'call', call: { params } });
    expect(textResult('execute_bash', 'ok')).toBe('EXECUTION RESULT of [execute_bash]:\nok');
  });

  it('lists every tool with its parameters for the system prompt', () => {
    const listing = describeFunctions(toolSchemas());
    expect(listing.match(/^### /gm)).toHaveLength(4);
    expect(listing).toContain(
      '- command (string, required; one of `view`, `create`, `str_replace`, `insert`, `undo_edit`)',
    );
    expect(listing).toContain('- is_input (string, optional; one of `true`, `false`)');
  });
});
