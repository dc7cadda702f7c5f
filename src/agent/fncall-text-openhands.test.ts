import { describe, expect, it } from 'vitest';
import type { ToolSchema } from '../llm/types.js';
import {
  describeOpenhandsFunctions,
  fillOpenhandsSuffix,
  joinOpenhandsCall,
  openhandsSystemPrompt,
  openhandsToolOrder,
  renderOpenhandsCall,
} from './fncall-text-openhands.js';
import { parsePyJson, pyArgumentText, pyFloatRepr, pyJsonDumps } from './fncall-text-python.js';
import { toolSchemas } from './tools/index.js';

const tool = (name: string, parameters: Record<string, unknown>): ToolSchema => ({
  type: 'function',
  function: { name, description: `The ${name} tool.`, parameters },
});

/** Two small tools, in the order a caller might give them (the editor first). */
const fixtureTools = [
  tool('str_replace_editor', {
    type: 'object',
    properties: {
      command: { type: 'string', description: 'What to do.', enum: ['view', 'create'] },
      path: { type: 'string', description: 'Absolute path.' },
      view_range: { type: 'array', items: { type: 'integer' } },
    },
    required: ['command', 'path'],
  }),
  tool('execute_bash', {
    type: 'object',
    properties: { command: { type: 'string', description: 'The command.' } },
    required: ['command'],
  }),
];

const fixtureList = `---- BEGIN FUNCTION #1: str_replace_editor ----
Description: The str_replace_editor tool.
Parameters:
  (1) command (string, required): What to do.
Allowed values: [\`view\`, \`create\`]
  (2) path (string, required): Absolute path.
  (3) view_range (array, optional): No description provided
---- END FUNCTION #1 ----

---- BEGIN FUNCTION #2: execute_bash ----
Description: The execute_bash tool.
Parameters:
  (1) command (string, required): The command.
---- END FUNCTION #2 ----
`;

describe("OpenHands' function-list layout", () => {
  it('numbers the functions and their parameters, with type, required/optional and allowed values', () => {
    expect(describeOpenhandsFunctions(fixtureTools)).toBe(fixtureList);
  });

  it('orders tools as CodeActAgent does: bash, think, finish, then the editor; unknown tools last', () => {
    const names = (tools: ToolSchema[]) => tools.map((t) => t.function.name);
    expect(names(openhandsToolOrder(toolSchemas()))).toEqual([
      'execute_bash',
      'think',
      'finish',
      'str_replace_editor',
    ]);
    const extra = tool('zzz', { type: 'object', properties: {} });
    expect(names(openhandsToolOrder([extra, ...fixtureTools]))).toEqual([
      'execute_bash',
      'str_replace_editor',
      'zzz',
    ]);
  });

  it('appends our wording around the function list by default', () => {
    const prompt = openhandsSystemPrompt('You are an agent.', [fixtureTools[1]!]);
    expect(prompt).toBe(
      `You are an agent.
Tools you can call are listed below.

---- BEGIN FUNCTION #1: execute_bash ----
Description: The execute_bash tool.
Parameters:
  (1) command (string, required): The command.
---- END FUNCTION #1 ----


To use a tool, end your reply with one call written exactly like this:

<function=tool_name>
<parameter=first_parameter>short value</parameter>
<parameter=second_parameter>
a value that runs
over several lines
</parameter>
</function>

Rules for calling tools:
- A call opens with <function= and closes with </function>; nothing else counts as a call.
- Every required parameter gets a value.
- One call per reply, no more.
- Explanations come before the call; nothing follows </function>.
- When no tool fits, answer in plain text and leave tools unmentioned.
`,
    );
  });

  it("fills a given suffix byte for byte, as Python's str.format does", () => {
    const suffix = '\r\n~~ menu ~~\n{description}\n{{not a field}} and {description} again\n';
    const prompt = openhandsSystemPrompt('Base.', [fixtureTools[1]!], suffix);
    const list = describeOpenhandsFunctions([fixtureTools[1]!]);
    expect(prompt).toBe(`Base.\r\n~~ menu ~~\n${list}\n{not a field} and ${list} again\n`);
    expect(fillOpenhandsSuffix('{{description}}: {description}', '$&')).toBe('{description}: $&');
  });

  it('writes arguments as Python does: True/None/floats by f-string, lists and dicts by json.dumps', () => {
    const raw =
      '{"command": "view", "view_range": [1, -1], "is_input": true, "x": null, "timeout": 30.0, ' +
      '"n": 5, "opts": {"k": "é\\t\\"q\\"", "f": 1e-5}, "text": "line 1\\nline 2"}';
    expect(renderOpenhandsCall('str_replace_editor', raw)).toBe(
      `<function=str_replace_editor>
<parameter=command>view</parameter>
<parameter=view_range>[1, -1]</parameter>
<parameter=is_input>True</parameter>
<parameter=x>None</parameter>
<parameter=timeout>30.0</parameter>
<parameter=n>5</parameter>
<parameter=opts>{"k": "\\u00e9\\t\\"q\\"", "f": 1e-05}</parameter>
<parameter=text>
line 1
line 2
</parameter>
</function>`,
    );
    expect(() => renderOpenhandsCall('x', '[1]')).toThrow(SyntaxError);
  });

  it('joins reasoning and call with a blank line, dropping leading whitespace', () => {
    expect(joinOpenhandsCall('Let me look.', '<function=think>\n</function>')).toBe(
      'Let me look.\n\n<function=think>\n</function>',
    );
    expect(joinOpenhandsCall('', '<function=think>\n</function>')).toBe('<function=think>\n</function>');
  });

  it("prints floats as Python's repr and keeps JSON float literals floats", () => {
    const cases: Array<[number, string]> = [
      [1, '1.0'],
      [0.1, '0.1'],
      [-2.5, '-2.5'],
      [123.456, '123.456'],
      [1e-5, '1e-05'],
      [0.0001, '0.0001'],
      [1e15, '1000000000000000.0'],
      [1e16, '1e+16'],
      [1.5e300, '1.5e+300'],
      [0.30000000000000004, '0.30000000000000004'],
    ];
    for (const [value, repr] of cases) expect(pyFloatRepr(value)).toBe(repr);
    expect(pyArgumentText(parsePyJson('2.50'))).toBe('2.5');
    expect(pyArgumentText(parsePyJson('2'))).toBe('2');
    expect(pyJsonDumps(parsePyJson('{"b": [true, false, null], "a": "\\u0001\\u007f😀"}'))).toBe(
      '{"b": [true, false, null], "a": "\\u0001\\u007f\\ud83d\\ude00"}',
    );
    expect(() => parsePyJson('{"a": 1,}')).toThrow(SyntaxError);
  });
});
