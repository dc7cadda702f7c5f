import type { ToolSchema } from '../llm/types.js';
import { parsePyJson, pyArgumentText, type PyValue } from './fncall-text-python.js';

/**
 * The layout of OpenHands 0.53's non-native function calling (`openhands/llm/fn_call_converter.py`),
 * which the SWE-Lego Qwen3 models were trained on: the numbered function list, CodeActAgent's tool order,
 * and calls whose arguments are printed as Python prints them. The text around the list is ours unless the
 * user supplies OpenHands' own (see `fillOpenhandsSuffix`), so the default is not byte-identical to OpenHands.
 */

/** Where the function list goes in a suffix template, as OpenHands' `str.format` call names it. */
export const openhandsSuffixPlaceholder = '{description}';

/** Our wording in OpenHands' structure: intro, function list, call example, rules. Appended as is. */
export const defaultOpenhandsSuffix = `
Tools you can call are listed below.

${openhandsSuffixPlaceholder}

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
`;

/** A suffix template with the list in place, as Python's `str.format` fills it (`{{`/`}}` are braces). */
export function fillOpenhandsSuffix(template: string, functions: string): string {
  return template.replace(/\{\{|\}\}|\{description\}/g, (match) =>
    match === openhandsSuffixPlaceholder ? functions : match[0]!,
  );
}

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

/** The system prompt with the suffix (ours by default) and its function list appended. */
export function openhandsSystemPrompt(
  base: string,
  tools: ToolSchema[],
  suffix = defaultOpenhandsSuffix,
): string {
  return base + fillOpenhandsSuffix(suffix, describeOpenhandsFunctions(openhandsToolOrder(tools)));
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
