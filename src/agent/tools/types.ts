import type { z } from 'zod';
import type { Sandbox } from '../../sandbox/sandbox.js';
import type { ToolSchema } from '../../llm/types.js';
import type { EditorHistory } from './editor-history.js';
import type { ShellSession } from './shell-session.js';

/** What a tool can use during one rollout. */
export interface ToolContext {
  sandbox: Sandbox;
  shell: ShellSession;
  editorHistory: EditorHistory;
  /** Default time limit of a shell command, in seconds. */
  commandTimeoutSec: number;
}

/** The facts about one call that the step-error rules (step-errors.ts) decide on. */
export interface CallFacts {
  tool: string | null;
  /** `ok` for a call that parsed and named a known tool. */
  parse: 'ok' | 'malformed' | 'unknown_tool' | 'no_call';
  observation: string;
  exitCode: number | null;
  /** What the shell did with an execute_bash call. */
  shell?: 'done' | 'running' | 'gone' | 'rejected' | 'idle' | 'interrupted' | 'bad_input';
  /** Why a malformed call was rejected. */
  detail?: string;
}

/** What running a tool produced: the observation the model gets, and the facts for labelling. */
export interface ToolOutcome {
  observation: string;
  exitCode: number | null;
  shell?: CallFacts['shell'];
  /** True for `finish`: the rollout ends after this call. */
  finished?: boolean;
}

/** One tool: its published schema, its argument parser and what it does. */
export interface Tool<A = unknown> {
  schema: ToolSchema;
  args: z.ZodType<A>;
  run(args: A, context: ToolContext): Promise<ToolOutcome>;
}
