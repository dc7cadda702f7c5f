import type { ToolSchema } from '../../llm/types.js';
import { executeBash } from './bash.js';
import { strReplaceEditor } from './editor.js';
import { finish } from './finish.js';
import { think } from './think.js';
import { formatIssues } from '../../json.js';
import type { Tool, ToolContext, ToolOutcome } from './types.js';

export type { CallFacts, Tool, ToolContext, ToolOutcome } from './types.js';
export { EditorHistory } from './editor-history.js';
export { ShellSession, type ShellResult, type ShellSessionOptions } from './shell-session.js';

/** The agent's tools by name: OpenHands CodeAct's names, parameters and semantics. */
export const tools = {
  execute_bash: executeBash,
  str_replace_editor: strReplaceEditor,
  think,
  finish,
} as const;
export type ToolName = keyof typeof tools;

export function isToolName(name: string): name is ToolName {
  return Object.hasOwn(tools, name);
}

/** The tools as OpenAI `tools` entries, whose parameters are JSON Schema: what every request publishes. */
export function toolSchemas(): ToolSchema[] {
  return Object.values(tools).map((tool) => tool.schema);
}

/** A call's result: the tool's outcome, or why its arguments were rejected. */
export type CallResult = { ok: true; outcome: ToolOutcome } | { ok: false; detail: string };

/** Checks `raw` arguments against the tool's schema and runs the tool. */
export async function callTool(name: ToolName, raw: unknown, context: ToolContext): Promise<CallResult> {
  const tool = tools[name] as Tool<unknown>;
  const parsed = tool.args.safeParse(raw);
  if (!parsed.success) return { ok: false, detail: formatIssues(parsed.error) };
  return { ok: true, outcome: await tool.run(parsed.data, context) };
}
