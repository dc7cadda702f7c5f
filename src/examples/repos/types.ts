/** One commit of an example repository: the files it writes (null deletes) and its message. */
export interface ExampleCommit {
  message: string;
  files: Record<string, string | null>;
}

/** A hand-checked task: the commit that fixes a bug, with its expected test outcomes. */
export interface ExampleTask {
  /** Index of the fixing commit; its parent is the instance's base commit. */
  fixCommit: number;
  problem_statement: string;
  FAIL_TO_PASS: string[];
  PASS_TO_PASS: string[];
}

/** A small real repository, built commit by commit with fixed dates so its shas never change. */
export interface ExampleRepo {
  repo: string;
  /** Paths that count as tests when a fixing commit is split into patch and test_patch. */
  isTestFile: (path: string) => boolean;
  commits: ExampleCommit[];
  tasks: ExampleTask[];
}
