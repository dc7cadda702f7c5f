import type { ToolSchema } from '../llm/types.js';

/**
 * The text function-calling format of OpenHands, for models without native tool calls (the SWE-Lego
 * Qwen3 models): the system prompt lists the functions, the assistant writes
 * `<function=NAME>\n<parameter=K>V</parameter>\n</function>`, and results come back as user messages that
 * start with `EXECUTION RESULT of [NAME]:`.
 */

/** Where a model should stop generating: right after its call (the stop string itself is not returned). */
export const textStopWords = ['</function'];

/** One call read from an assistant's text; parameter values are the raw text between the tags. */
export interface TextCall {
  name: string;
  params: Record<string, string>;
}

/** What an assistant's text holds: a call, a malformed attempt at one, or no call at all. */
export type TextParse =
  | { kind: 'call'; call: TextCall; content: string }
  | { kind: 'malformed'; name: string | null; detail: string; content: string }
  | { kind: 'none'; content: string };

interface Param {
  type?: string;
  description?: string;
  enum?: unknown[];
}

/** The function list for the system prompt. */
export function describeFunctions(tools: ToolSchema[]): string {
  return tools
    .map(({ function: fn }) => {
      const props = (fn.parameters.properties ?? {}) as Record<string, Param>;
      const required = new Set((fn.parameters.required as string[] | undefined) ?? []);
      const params = Object.entries(props).map(([name, param]) => {
        const choices = param.enum ? `; one of ${param.enum.map((v) => `\`${String(v)}\``).join(', ')}` : '';
        const need = required.has(name) ? 'required' : 'optional';
        return `- ${name} (${param.type ?? 'string'}, ${need}${choices}): ${param.description ?? ''}`;
      });
      return [`### ${fn.name}`, fn.description, 'Parameters:', ...params].join('\n');
    })
    .join('\n\n');
}

/** Drops the one newline that separates a multi-line value from its tags. */
function trimValue(text: string): string {
  return text.replace(/^\r?\n/, '').replace(/\r?\n$/, '');
}

/** Completes a call cut off by the `</function` stop word, so the kept text is what the model meant. */
export function completeCall(content: string): string {
  if (!content.includes('<function=') || /<\/function>/.test(content)) return content;
  const trimmed = content.replace(/\s+$/, '');
  if (trimmed.endsWith('</function')) return `${trimmed}>`;
  if (trimmed.endsWith('</')) return `${trimmed}function>`;
  return `${trimmed}\n</function>`;
}

function readParams(body: string): Record<string, string> {
  const params: Record<string, string> = {};
  const starts = [...body.matchAll(/<parameter\s*=\s*["']?([^>"'\s]+)["']?\s*>/g)];
  starts.forEach((match, i) => {
    const from = match.index + match[0].length;
    const nextStart = starts[i + 1]?.index ?? body.length;
    const close = body.indexOf('</parameter>', from);
    const end = close !== -1 && close < nextStart ? close : nextStart;
    params[match[1]!] = trimValue(body.slice(from, end));
  });
  return params;
}

/** Reads the first call in an assistant's text, tolerating a missing `</function>` or `</parameter>`. */
export function parseTextCall(text: string): TextParse {
  const content = completeCall(text);
  const open = /<function\s*=\s*["']?([^>"'\n]*?)["']?\s*>/.exec(content);
  if (!open) {
    const attempted = /<\/?function\b|<parameter\s*=/.test(content);
    if (!attempted) return { kind: 'none', content };
    return {
      kind: 'malformed',
      name: null,
      detail: 'a function call must start with <function=NAME>',
      content,
    };
  }
  const name = open[1]!.trim();
  if (name === '') return { kind: 'malformed', name: null, detail: 'the function name is empty', content };
  const from = open.index + open[0].length;
  const close = content.indexOf('</function>', from);
  const body = content.slice(from, close === -1 ? undefined : close);
  return { kind: 'call', call: { name, params: readParams(body) }, content };
}

/** An assistant call in the text format (how gold and scripted agents write theirs). */
export function renderTextCall(name: string, params: Record<string, unknown>): string {
  const lines = [`<function=${name}>`];
  for (const [key, value] of Object.entries(params)) {
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    lines.push(
      text.includes('\n')
        ? `<parameter=${key}>\n${text}\n</parameter>`
        : `<parameter=${key}>${text}</parameter>`,
    );
  }
  lines.push('</function>');
  return lines.join('\n');
}

type Coerce = (text: string) => unknown;

const booleans = new Map([
  ['true', true],
  ['false', false],
]);

const coerce: Record<string, Coerce> = {
  integer: (text) => (/^-?\d+$/.test(text.trim()) ? Number(text.trim()) : undefined),
  number: (text) => (text.trim() !== '' && Number.isFinite(Number(text)) ? Number(text) : undefined),
  boolean: (text) => booleans.get(text.trim().toLowerCase()),
  array: (text) => jsonOf(text, Array.isArray),
  object: (text) => jsonOf(text, (v) => v !== null && typeof v === 'object' && !Array.isArray(v)),
};

function jsonOf(text: string, fits: (value: unknown) => boolean): unknown {
  try {
    const value = JSON.parse(text) as unknown;
    return fits(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A call's text parameters as the values its tool declares (`integer`, `number`, `boolean`, `array`,
 * `object`); a value that does not read as its type, and every string, stays the text it was.
 */
export function typedParams(
  params: Record<string, string>,
  tool: ToolSchema | undefined,
): Record<string, unknown> {
  const props = (tool?.function.parameters.properties ?? {}) as Record<string, Param>;
  return Object.fromEntries(
    Object.entries(params).map(([name, text]) => {
      const read = coerce[props[name]?.type ?? 'string'];
      return [name, read?.(text) ?? text];
    }),
  );
}

/** The user message that carries a tool's result back in the text format. */
export function textResult(name: string, observation: string): string {
  return `EXECUTION RESULT of [${name}]:\n${observation}`;
}
