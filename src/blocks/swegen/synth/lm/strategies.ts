import type { GrammarName } from '../parse/languages.js';
import type { FunctionSpan } from './functions.js';
import { ask, type SynthModel } from './model.js';
import { fillPrompt, type SynthPrompts } from './prompts.js';
import { replaceFunction } from './reply.js';
import type { ModelUsage } from '../../../../schema/synth.js';

/** The model strategies. */
export type LmStrategy = 'lm-modify' | 'lm-rewrite';

const languages: Record<GrammarName, [name: string, fence: string]> = {
  python: ['Python', 'python'],
  javascript: ['JavaScript', 'javascript'],
  typescript: ['TypeScript', 'typescript'],
  tsx: ['TypeScript (TSX)', 'tsx'],
};

const contextChars = 16_000;
const contextLines = 120;

/** The file with the function's body stubbed out; a long file is cut to the lines around the function. */
function rewriteContext(span: FunctionSpan): string {
  const { text } = span.file;
  const blanked = text.slice(0, span.blanked.start) + span.blanked.text + text.slice(span.blanked.end);
  if (blanked.length <= contextChars) return blanked;
  const lines = blanked.split('\n');
  const from = Math.max(0, span.line - 1 - contextLines);
  return lines.slice(from, span.line - 1 + contextLines).join('\n');
}

/** The prompt of a strategy for one function. */
export function lmPrompt(
  strategy: LmStrategy,
  span: FunctionSpan,
  prompts: SynthPrompts,
  repo: string,
): string {
  const [language, fence] = languages[span.file.grammar];
  const common = { repo, file: span.file.path, language, fence, name: span.name };
  if (strategy === 'lm-modify')
    return fillPrompt(prompts.modify, { ...common, function: span.file.text.slice(span.start, span.end) });
  return fillPrompt(prompts.rewrite, { ...common, context: rewriteContext(span) });
}

/** A model's bug in one function: the new file text, or why there is none; and the calls' usage. */
export type LmOutcome = { text: string; usage: ModelUsage } | { problem: string; usage: ModelUsage };

/** Asks the model to modify (plant a bug in) or rewrite (re-implement) a function, and parses the reply. */
export async function lmBug(
  strategy: LmStrategy,
  span: FunctionSpan,
  context: { model: SynthModel; prompts: SynthPrompts; repo: string; signal?: AbortSignal },
): Promise<LmOutcome> {
  const answer = await ask(
    context.model,
    lmPrompt(strategy, span, context.prompts, context.repo),
    context.signal,
  );
  if ('failure' in answer) return { problem: answer.failure, usage: answer.usage };
  const replaced = await replaceFunction(answer.content, span);
  return 'text' in replaced
    ? { text: replaced.text, usage: answer.usage }
    : { problem: replaced.problem, usage: answer.usage };
}
