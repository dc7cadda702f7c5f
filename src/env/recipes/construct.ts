import { randomUUID } from 'node:crypto';
import { envSpecId } from '../../schema/env.js';
import { tryOnce } from '../construct-attempt.js';
import { tail } from '../construct-log.js';
import { constructEnvironment, type ConstructedEnvironment, type ConstructOptions } from '../construct.js';
import { appendLedger, readyResult } from '../ledger.js';
import { recallRecipe, recipeNote, type RecalledRecipe } from './recall.js';
import { rememberFound, rememberRecalled } from './remember.js';

/**
 * The construction loop with recipe memory. A commit whose detected spec the ledger has seen pass, or
 * whose spec is explicit (inline or `--env`), goes straight to the loop. Otherwise the repository's
 * recipe (see `recallRecipe`) is built and checked first, as a construction of its own in the ledger;
 * when it fails, the loop runs from the detected spec as if there were no recipe. A spec the loop finds
 * becomes the recipe.
 */
export async function constructWithRecipes(options: ConstructOptions): Promise<ConstructedEnvironment> {
  const { cacheDir, subject, start, check } = options;
  const startId = envSpecId(start);
  const known = await readyResult(cacheDir, subject.repo, startId);
  const recalled =
    known || isExplicit(options) ? undefined : await recallRecipe(cacheDir, subject.repo, start);
  if (recalled) {
    const constructed = await tryRecipe(options, recalled);
    if (constructed) return constructed;
  }
  const constructed = await constructEnvironment(options);
  if (constructed.attempts > 0)
    await rememberFound(cacheDir, { subject, check, spec: constructed.spec, attempts: constructed.attempts });
  return constructed;
}

/** The start is an inline or `--env` spec (so says `resolveEnvSpecWithNotes`'s note): the user's spec wins. */
function isExplicit({ notes }: ConstructOptions): boolean {
  return notes?.[0]?.startsWith('spec: ') ?? false;
}

/** Builds and checks the recalled spec once, without repairs; records the attempt and how it ended. */
async function tryRecipe(
  options: ConstructOptions,
  recalled: RecalledRecipe,
): Promise<ConstructedEnvironment | undefined> {
  const { cacheDir, subject, check } = options;
  const construction = randomUUID();
  const startId = envSpecId(options.start);
  const base = { construction, ...subject, start_spec_id: startId };
  const started = Date.now();
  const attempt = await tryOnce(options, recalled.spec);
  const built = attempt.built;
  const note = recipeNote(recalled);
  const message = built ? attempt.message : `the recipe failed: ${attempt.message}`;
  await appendLedger(cacheDir, {
    kind: 'attempt',
    ...base,
    time: new Date().toISOString(),
    attempt: 1,
    spec_id: envSpecId(recalled.spec),
    spec: recalled.spec,
    phase: attempt.failure?.phase ?? attempt.fatal?.phase ?? 'check',
    passed: built !== undefined,
    message,
    log_tail: attempt.failure ? tail(attempt.failure.log) : '',
    notes: [note],
    duration_ms: Date.now() - started,
  });
  const end = built ? message : `${message}; going on from the detected spec`;
  await appendLedger(cacheDir, {
    kind: 'result',
    ...base,
    time: new Date().toISOString(),
    status: built ? 'ready' : 'failed',
    check,
    attempts: 1,
    message: end,
    ...(built ? { final_spec: recalled.spec, final_spec_id: envSpecId(recalled.spec) } : {}),
  });
  options.log?.(`env ${startId}: ${note}: ${built ? 'passed' : end}`);
  if (!built) return undefined;
  await rememberRecalled(cacheDir, recalled, { subject, check, spec: recalled.spec });
  return { built, spec: recalled.spec, construction, attempts: 1, repairs: [] };
}
