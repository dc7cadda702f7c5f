import type { Candidate } from '../../../schema/swegen.js';
import type { FileKind } from '../rules.js';
import type { Change } from './history.js';
import { joinDiff, type FileDiff } from './patches.js';
import type { Statement } from './statement.js';

/** A change's diff split into `patch` (non-test files) and `test_patch` (test files). */
export function splitPatches(files: FileDiff[], kindOf: (path: string) => FileKind) {
  return {
    patch: joinDiff(files.filter((file) => kindOf(file.path) !== 'test')),
    test_patch: joinDiff(files.filter((file) => kindOf(file.path) === 'test')),
  };
}

/** SWE-bench's id: `owner__name-<PR number>`, or the short sha when there is no PR or the number is taken. */
export function instanceIdOf(repo: string, change: Change, pull: number | undefined, taken: Set<string>) {
  const prefix = repo.replace('/', '__');
  const preferred = `${prefix}-${pull ?? change.sha.slice(0, 7)}`;
  const id = taken.has(preferred) ? `${prefix}-${change.sha.slice(0, 12)}` : preferred;
  taken.add(id);
  return id;
}

export interface CandidateParts {
  repo: string;
  change: Change;
  patches: { patch: string; test_patch: string };
  statement: Statement;
  specId: string;
}

/** Assembles a candidate; FAIL_TO_PASS / PASS_TO_PASS stay empty until validation. */
export function buildCandidate(parts: CandidateParts, id: string, setupCommit: string): Candidate {
  const { change, statement } = parts;
  return {
    instance_id: id,
    repo: parts.repo,
    base_commit: change.parents[0]!,
    ...parts.patches,
    problem_statement: statement.problem_statement,
    hints_text: statement.hints_text,
    created_at: statement.created_at,
    version: parts.specId,
    environment_setup_commit: setupCommit,
    FAIL_TO_PASS: [],
    PASS_TO_PASS: [],
    statement_source: statement.statement_source,
    source: {
      kind: 'real',
      commit: change.sha,
      ...(statement.pull === undefined ? {} : { pull: statement.pull }),
      ...(statement.issues.length > 0 ? { issues: statement.issues } : {}),
    },
  };
}
