import type { TaskInstance } from '../schema/instance.js';

/** An instance of `repo` at `commit` with no patch, problem or tests: what builds and checks an environment. */
export function bareInstance(id: string, repo: string, commit: string): TaskInstance {
  return {
    instance_id: id,
    repo,
    base_commit: commit,
    patch: '',
    test_patch: '',
    problem_statement: '',
    hints_text: '',
    created_at: '',
    version: '',
    environment_setup_commit: commit,
    FAIL_TO_PASS: [],
    PASS_TO_PASS: [],
  };
}
