import type { ToolSchema } from '../llm/types.js';
import { parsePyJson, pyArgumentText, type PyValue } from './fncall-text-python.js';

/**
 * The layout of OpenHands 0.53's non-native function calling (`openhands/llm/fn_call_converter.py`),
 * which the SWE-Lego Qwen3 models were trained on: the numbered function list, the reminder rules after
 * it, CodeActAgent's tool order, and calls whose arguments are printed as Python prints them.
 */

/** The system-prompt suffix: appended to the system prompt as is (it starts with a newline). */
const suffixTemplate = (functions: string) => `
You have access to the following functions:

${functions}

If you choose to call a function ONLY reply in the following format with NO suffix:

<function=example_function_name>
<parameter=example_parameter_1>value_1</parameter>
<parameter=example_parameter_2>
This is the value for the second parameter
that can span
multiple lines
</parameter>
</function>

<IMPORTANT>
Reminder:
- Function calls MUST follow the specified format, start with <function= and end with </function>
- Required parameters MUST be specified
- Only call one function at a time
- You may provide optional reasoning for your function call in natural language BEFORE the function call, but NOT after.
- If there is no function call available, answer the question like normal with your current knowledge and do not tell the user about function calls
</IMPORTANT>
`;

/** CodeActAgent's order (`_get_tools`); tools it does not know follow in their given order. */
const toolOrder = [
  'execute_bash',
  'think',
  'finish',
  'request_condensation',
  'browser',
  'execute_ipython_cell',
  'task_tracker',
  'edit_file',
  'str_replace_editor',
];

export function openhandsToolOrder(tools: ToolSchema[]): ToolSchema[] {
  const rank = (tool: ToolSchema) => {
    const at = toolOrder.indexOf(tool.function.name);
    return at === -1 ? toolOrder.length : at;
  };
  return tools
    .map((tool, i) => ({ tool, i }))
    .sort((a, b) => rank(a.tool) - rank(b.tool) || a.i - b.i)
    .map(({ tool }) => tool);
}

interface Param {
  type?: string;
  description?: string;
  enum?: unknown[];
}

function enumText(value: unknown): string {
  return typeof value === 'string' ? value : pyArgumentText(value as PyValue);
}

function describeOne({ function: fn }: ToolSchema, n: number): string {
  const lines = [`---- BEGIN FUNCTION #${n}: ${fn.name} ----`, `Description: ${fn.description}`];
  const parameters = fn.parameters as { properties?: Record<string, Param>; required?: string[] };
  if (parameters) {
    lines.push('Parameters:');
    const required = new Set(parameters.required ?? []);
    Object.entries(parameters.properties ?? {}).forEach(([name, param], j) => {
      let description = param.description ?? 'No description provided';
      if (param.enum)
        description += `\nAllowed values: [${param.enum.map((v) => `\`${enumText(v)}\``).join(', ')}]`;
      const status = required.has(name) ? 'required' : 'optional';
      lines.push(`  (${j + 1}) ${name} (${param.type ?? 'string'}, ${status}): ${description}`);
    });
  } else lines.push('No parameters are required for this function.');
  lines.push(`---- END FUNCTION #${n} ----`);
  return `${lines.join('\n')}\n`;
}

/** The `---- BEGIN FUNCTION #i: name ----` blocks, in the order given. */
export function describeOpenhandsFunctions(tools: ToolSchema[]): string {
  return tools.map((tool, i) => describeOne(tool, i + 1)).join('\n');
}

/** The system prompt with the function list and rules appended. */
export function openhandsSystemPrompt(base: string, tools: ToolSchema[]): string {
  return base + suffixTemplate(describeOpenhandsFunctions(openhandsToolOrder(tools)));
}

function argumentsOf(raw: string): Array<[string, PyValue]> {
  const parsed = parsePyJson(raw);
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed) || !('entries' in parsed))
    throw new SyntaxError('the arguments are not a JSON object');
  return parsed.entries;
}

/** A call as OpenHands writes it from a native call's JSON arguments; throws if they are not a JSON object. */
export function renderOpenhandsCall(name: string, rawArguments: string): string {
  let text = `<function=${name}>\n`;
  for (const [key, value] of argumentsOf(rawArguments)) {
    const multiline = typeof value === 'string' && value.includes('\n');
    const body = pyArgumentText(value);
    text += multiline
      ? `<parameter=${key}>\n${body}\n</parameter>\n`
      : `<parameter=${key}>${body}</parameter>\n`;
  }
  return `${text}</function>`;
}

/** Reasoning and call as one assistant text: joined by a blank line, leading whitespace dropped. */
export function joinOpenhandsCall(content: string, call: string): string {
  return `${content}\n\n${call}`.replace(/^\s+/, '');
}
