import type { EnvSpec } from '../../schema/env.js';

/** Where an attempt stopped: detecting a spec, building it, or checking that its tests run and pass. */
export type EnvPhase = 'detect' | 'build' | 'check';

/** Read-only access to the checkout at the commit being built (paths relative to its root). */
export interface CheckoutFiles {
  /** The file's text, or undefined when it does not exist. */
  read(path: string): Promise<string | undefined>;
  /** The files under `dir` (recursively, paths relative to the root, `.git` left out); none when it is absent. */
  list?(dir: string): Promise<string[]>;
}

/** A failed attempt, as a rule sees it. */
export interface Failure {
  phase: Exclude<EnvPhase, 'detect'>;
  /** The spec that failed. */
  spec: EnvSpec;
  /** The build log of this attempt (phase `build`) or the test output (phase `check`). */
  log: string;
  files: CheckoutFiles;
}

/** What a rule's signature found: the log line that matched and what the rule read from it. */
export interface FailureMatch {
  line: string;
  /** What the edit acts on: a module name, a package, a variable. */
  subject: string;
}

/**
 * A repair: a failure signature and a spec edit. Both must be deterministic. `edit` must return a spec
 * that differs from the one it got (the loop stops when a spec repeats), or undefined when it has
 * nothing to change for this match.
 */
export interface RepairRule {
  /** One line: the failure it recognises and what it changes. */
  summary: string;
  /** The phases whose failures it looks at. */
  phases: readonly Failure['phase'][];
  match(failure: Failure): FailureMatch | undefined | Promise<FailureMatch | undefined>;
  edit(
    spec: EnvSpec,
    match: FailureMatch,
    failure: Failure,
  ): EnvSpec | undefined | Promise<EnvSpec | undefined>;
}
