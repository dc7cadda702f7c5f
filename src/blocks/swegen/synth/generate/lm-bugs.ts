import type { SynthBug } from '../../../../schema/synth.js';
import { bugFromFiles, type BugOrigin } from '../bug.js';
import type { BugSet } from '../bug-set.js';
import { mapLimit } from '../concurrency.js';
import type { SourceFile } from '../files.js';
import { functionSpans, type FunctionSpan } from '../lm/functions.js';
import type { SynthModel } from '../lm/model.js';
import type { SynthPrompts } from '../lm/prompts.js';
import { lmBug, type LmStrategy } from '../lm/strategies.js';
import { createRng } from '../rng.js';
import type { Preference } from './preference.js';

export interface LmBugsOptions {
  model: SynthModel;
  prompts: SynthPrompts;
  origin: BugOrigin;
  preference: Preference;
  seed: number;
  max: number;
  concurrency: number;
  signal?: AbortSignal;
}

/** Functions a model strategy asks about: shuffled by the seed, exercised ones first, at most `max`. */
async function chosenSpans(
  strategy: LmStrategy,
  sources: SourceFile[],
  options: LmBugsOptions,
): Promise<FunctionSpan[]> {
  const spans: FunctionSpan[] = [];
  for (const file of sources) spans.push(...(await functionSpans(file)));
  const shuffled = createRng(options.seed, strategy).shuffle(spans);
  const preferred = (span: FunctionSpan) => options.preference.preferred(span.file.path, span.name);
  return [...shuffled.filter(preferred), ...shuffled.filter((span) => !preferred(span))].slice(
    0,
    options.max,
  );
}

/** Asks the model about each chosen function and adds the usable bugs to `set` (in a stable order). */
export async function addLmBugs(
  strategy: LmStrategy,
  sources: SourceFile[],
  set: BugSet,
  options: LmBugsOptions,
) {
  const spans = await chosenSpans(strategy, sources, options);
  const context = {
    model: options.model,
    prompts: options.prompts,
    repo: options.origin.repo,
    signal: options.signal,
  };
  const outcomes = await mapLimit(spans, options.concurrency, async (span) => {
    const outcome = await lmBug(strategy, span, context);
    if (!('text' in outcome)) return outcome;
    const bug: SynthBug | null = await bugFromFiles(
      options.origin,
      { [span.file.path]: outcome.text },
      {
        strategy,
        transform: strategy,
        unit: span.qualifiedName,
        params: { file: span.file.path, line: span.line, model: options.model.client.model },
        usage: outcome.usage,
      },
    );
    return { bug, usage: outcome.usage };
  });
  for (const outcome of outcomes) {
    set.spend(strategy, outcome.usage);
    if ('problem' in outcome) set.reject(strategy, outcome.problem);
    else set.add(outcome.bug, strategy);
  }
}
