import type { ModelUsage } from '../../../../schema/synth.js';
import { ask, type SynthModel } from '../lm/model.js';
import { fillPrompt } from '../lm/prompts.js';
import { codeBlocks } from '../lm/reply.js';
import type { Failure } from '../probe/evidence.js';
import { statementLeak } from './leak.js';

export interface StatementInput {
  repo: string;
  bugDiff: string;
  patch: string;
  broken: string[];
  failures: Failure[];
}

const clip = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max)}\n[...]`);

/** The failing tests' output as the writer sees it: each test's message and details, clipped. */
export function testOutput(failures: Failure[]): string {
  return failures.map((f) => clip(`${f.test}\n${f.message}\n${f.details}`.trim(), 2000)).join('\n\n');
}

/** A reply's text: the inside of a fence when the whole reply is one fenced block. */
function replyText(content: string): string {
  const trimmed = content.trim();
  if (!trimmed.startsWith('```')) return trimmed;
  return (codeBlocks(trimmed)[0] ?? '').trim();
}

/** A model-written statement, or why it cannot be used (model failure, empty, leak); with its usage. */
export async function statementFromModel(
  model: SynthModel,
  template: string,
  input: StatementInput,
  signal?: AbortSignal,
): Promise<{ text: string; usage: ModelUsage } | { problem: string; usage: ModelUsage }> {
  const prompt = fillPrompt(template, {
    repo: input.repo,
    bug_diff: clip(input.bugDiff, 8000),
    test_output: testOutput(input.failures),
  });
  const answer = await ask(model, prompt, signal);
  if ('failure' in answer) return { problem: answer.failure, usage: answer.usage };
  const text = replyText(answer.content ?? '');
  if (text === '') return { problem: 'empty_reply', usage: answer.usage };
  const leak = statementLeak(text, { patch: input.patch, tests: input.broken });
  return leak ? { problem: `leak: ${leak}`, usage: answer.usage } : { text, usage: answer.usage };
}
