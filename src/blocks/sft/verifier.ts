import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderTemplate } from '../../agent/render-template.js';
import { packageRoot } from '../../package-root.js';
import type { ChatMessage, Trajectory } from '../../schema/trajectory.js';

/** The answers a generative verifier is trained to give, and scored by (P(YES) from logprobs). */
export const verifierAnswers = { yes: 'YES', no: 'NO' } as const;

/** Where a shipped verifier prompt lives (`verifier.md`: `{{issue}}`, `{{trajectory}}`, `{{patch}}`). */
export function verifierTemplatePath(file = 'verifier.md'): string {
  return join(packageRoot(), 'src', 'blocks', 'sft', 'prompts', file);
}

/** Reads a verifier prompt template (the shipped one by default). */
export function loadVerifierTemplate(path = verifierTemplatePath()): string {
  return readFileSync(path, 'utf8').replace(/\n$/, '');
}

/** How much of a trajectory the verifier sees. */
export interface CondenseOptions {
  /** Characters kept of each observation (head and tail). */
  observationChars: number;
  /** Characters of the whole condensed trajectory; middle steps are left out past it. */
  totalChars: number;
}

export const defaultCondense: CondenseOptions = { observationChars: 600, totalChars: 24_000 };

function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const keep = Math.floor(max / 2);
  return `${text.slice(0, keep)}\n[... ${text.length - 2 * keep} characters left out ...]\n${text.slice(-keep)}`;
}

function action(message: Extract<ChatMessage, { role: 'assistant' }>): string {
  const calls = (message.tool_calls ?? []).map((c) => `${c.function.name}(${c.function.arguments})`);
  return [message.content ?? '', ...calls].filter((part) => part.trim() !== '').join('\n');
}

/** One block per assistant step (its text and calls) followed by its observations, clipped. */
function stepBlocks(messages: ChatMessage[], options: CondenseOptions): string[] {
  const blocks: string[] = [];
  const firstUser = messages.findIndex((m) => m.role === 'user');
  for (const message of messages.slice(firstUser + 1)) {
    if (message.role === 'assistant') blocks.push(`### Step ${blocks.length + 1}\n${action(message)}`);
    else if (blocks.length > 0 && (message.role === 'tool' || message.role === 'user')) {
      blocks[blocks.length - 1] +=
        `\n--- observation ---\n${clip(message.content, options.observationChars)}`;
    }
  }
  return blocks;
}

/** The agent's steps after the task message, observations clipped, middle steps dropped past the budget. */
export function condenseTrajectory(messages: ChatMessage[], options = defaultCondense): string {
  const blocks = stepBlocks(messages, options);
  const size = (list: string[]) => list.reduce((n, block) => n + block.length + 2, 0);
  if (size(blocks) <= options.totalChars) return blocks.join('\n\n');
  const head: string[] = [];
  const tail: string[] = [];
  for (let i = 0, j = blocks.length - 1; i <= j;) {
    const pick = head.length <= tail.length ? blocks[i]! : blocks[j]!;
    if (size(head) + size(tail) + pick.length + 2 > options.totalChars) break;
    if (head.length <= tail.length) head.push(blocks[i++]!);
    else tail.unshift(blocks[j--]!);
  }
  const left = blocks.length - head.length - tail.length;
  return [...head, `[... ${left} steps left out ...]`, ...tail].join('\n\n');
}

/** What the verifier judges: the issue, the agent's steps and its final patch. */
export interface VerifierInput {
  issue: string;
  messages: ChatMessage[];
  patch: string;
}

/** The final patch as a prompt shows it. */
export function patchText(patch: string): string {
  return patch.trim() === '' ? '(no changes)' : patch.replace(/\n$/, '');
}

/** The values of the template's placeholders: `{{issue}}`, `{{trajectory}}` (condensed) and `{{patch}}`. */
export function verifierValues(input: VerifierInput, condense = defaultCondense): Record<string, string> {
  return {
    issue: input.issue,
    trajectory: condenseTrajectory(input.messages, condense),
    patch: patchText(input.patch),
  };
}

/** The verifier prompt as chat messages (one user message); the expected reply is YES or NO. */
export function renderVerifierPrompt(
  input: VerifierInput,
  template = loadVerifierTemplate(),
  condense = defaultCondense,
): ChatMessage[] {
  return [{ role: 'user', content: renderTemplate(template, verifierValues(input, condense)) }];
}

/** The issue as the agent saw it: the trajectory's first user message. */
export function issueOf(trajectory: Trajectory): string {
  return trajectory.messages.find((m) => m.role === 'user')?.content ?? '';
}
