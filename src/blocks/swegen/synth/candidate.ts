import type { Candidate } from '../../../schema/swegen.js';
import type { ModelUsage, SynthBug } from '../../../schema/synth.js';

/** The recipe version of synthetic base commits (identity, dates, message): part of every `source`. */
export const baseRecipe = 1;

/**
 * A synthetic bug as a task candidate: the buggy commit is the base, the fix (the bug diff reversed) the
 * patch, no test patch; `source` holds everything needed to rebuild the base commit from the original.
 */
export function candidateOf(
  bug: SynthBug,
  statement: { text: string; source: 'model' | 'tests' },
  usage: ModelUsage | undefined,
): Candidate {
  return {
    instance_id: bug.instance_id,
    repo: bug.repo,
    base_commit: bug.base_commit,
    patch: bug.patch,
    test_patch: '',
    problem_statement: statement.text,
    hints_text: '',
    created_at: bug.created_at,
    version: bug.version,
    environment_setup_commit: bug.base_commit,
    FAIL_TO_PASS: [],
    PASS_TO_PASS: [],
    statement_source: statement.source,
    source: {
      kind: `synthetic:${bug.strategy}`,
      commit: bug.original_commit,
      transform: bug.transform,
      unit: bug.unit,
      files: bug.files,
      params: bug.params,
      recipe: baseRecipe,
      bug_diff: bug.bug_diff,
      ...(usage ? { usage } : {}),
    },
  };
}
