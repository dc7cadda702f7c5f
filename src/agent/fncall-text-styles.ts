import type { ToolSchema } from '../llm/types.js';
import { describeFunctions, renderTextCall } from './fncall-text.js';
import {
  describeOpenhandsFunctions,
  joinOpenhandsCall,
  openhandsSystemPrompt,
  openhandsToolOrder,
  renderOpenhandsCall,
} from './fncall-text-openhands.js';
import { renderTemplate } from './render-template.js';

/** The templates the layouts fill with the function list. */
export interface FunctionListTemplates {
  /** LegoFactory's list template (`{{functions}}`): the shipped text-functions.md or the prompt dir's. */
  textFunctions: string;
  /** OpenHands' own system-prompt suffix (`{description}`), from the prompt dir's fn_call_suffix.txt. */
  functionSuffix?: string;
}

/** How the text format lays out the function list, a call, and the reasoning before it. */
export interface FunctionListStyle {
  /** The function list alone. */
  describe(tools: ToolSchema[]): string;
  /** The system prompt with the tools listed, each layout filling its own template. */
  systemPrompt(base: string, tools: ToolSchema[], templates: FunctionListTemplates): string;
  /** A native call's text form, from its JSON arguments. */
  renderCall(name: string, rawArguments: string): string;
  /** An assistant message's text: its content, then its calls. */
  assistantText(content: string, calls: string[]): string;
}

function argumentsOf(raw: string): Record<string, unknown> {
  try {
    const parsed = JSON.parse(raw) as unknown;
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
      return parsed as Record<string, unknown>;
  } catch {
    // Arguments that are not a JSON object stay one raw parameter.
  }
  return { arguments: raw };
}

/** LegoFactory's layout: a markdown function list from text-functions.md, calls on the next line. */
const legofactory: FunctionListStyle = {
  describe: describeFunctions,
  systemPrompt: (base, tools, { textFunctions }) =>
    tools.length === 0
      ? base
      : `${base}\n\n${renderTemplate(textFunctions, { functions: describeFunctions(tools) })}`,
  renderCall: (name, raw) => renderTextCall(name, argumentsOf(raw)),
  assistantText: (content, calls) => [content, ...calls].filter((part) => part !== '').join('\n'),
};

/**
 * OpenHands 0.53's layout (see fncall-text-openhands): byte for byte with the user's copy of OpenHands'
 * suffix, our wording around the same list and calls without it.
 */
const openhands: FunctionListStyle = {
  describe: (tools) => describeOpenhandsFunctions(openhandsToolOrder(tools)),
  systemPrompt: (base, tools, { functionSuffix }) =>
    tools.length === 0 ? base : openhandsSystemPrompt(base, tools, functionSuffix),
  renderCall(name, raw) {
    try {
      return renderOpenhandsCall(name, raw);
    } catch {
      return renderTextCall(name, { arguments: raw });
    }
  },
  assistantText: (content, calls) => calls.reduce(joinOpenhandsCall, content),
};

/** The function-list layouts by the name `--function-list` takes. */
export const functionListStyles = { legofactory, openhands } as const satisfies Record<
  string,
  FunctionListStyle
>;
export type FunctionListName = keyof typeof functionListStyles;
