import { z } from 'zod';
import { TaskInstance, TestIdList } from './instance.js';

/**
 * Where a candidate's problem statement came from: mined ones from an issue, PR or commit (best first);
 * synthetic ones from a model, or from the failing tests' evidence.
 */
export const StatementSource = z.enum(['issue', 'pull_request', 'commit', 'model', 'tests']);
export type StatementSource = z.infer<typeof StatementSource>;

/**
 * A candidate instance: its tests are not proven yet (FAIL_TO_PASS / PASS_TO_PASS stay empty until
 * `swegen validate` fills them). Mined candidates always carry a statement and where it came from.
 */
export const Candidate = TaskInstance.extend({
  statement_source: StatementSource.optional(),
  FAIL_TO_PASS: TestIdList.default([]),
});
export type Candidate = z.infer<typeof Candidate>;

/** What one mined repository yielded. Candidates go to `candidates.jsonl` in the item's directory. */
export const MineResult = z.object({
  repo: z.string(),
  head: z.string(),
  commits_scanned: z.number().int().nonnegative(),
  candidates: z.number().int().nonnegative(),
  /** Rejected changes by reason. */
  rejected: z.record(z.string(), z.number().int().nonnegative()),
  candidates_path: z.string(),
  duration_ms: z.number().nonnegative(),
  /** A refresh item: the cursor it mined after (absent for a repository's first, full mine). */
  cursor: z.string().optional(),
  /** A refresh item whose cursor was no longer in HEAD's history (a force push): see `RepoRefresh`. */
  force_pushed: z.boolean().optional(),
});
export type MineResult = z.infer<typeof MineResult>;

/**
 * What a refresh did with one repository: `mined` (new history after the cursor, or all of it when it had
 * none), `unchanged` (HEAD is the cursor), `unreachable` (the fetch failed: skipped, cursor kept) or `failed`
 * (mining the new range failed: cursor kept).
 */
export const RepoRefresh = z.object({
  repo: z.string(),
  status: z.enum(['mined', 'unchanged', 'unreachable', 'failed']),
  /** The head of the repository's latest done mine item before this refresh; null when never mined. */
  cursor_before: z.string().nullable(),
  /** The HEAD fetched now; null when unreachable. */
  head_after: z.string().nullable(),
  /** The cursor is not an ancestor of the new HEAD (history rewritten). */
  force_pushed: z.boolean().optional(),
  new_commits: z.number().int().nonnegative(),
  /** Candidates added to the stage's output (instance ids it did not hold yet). */
  new_candidates: z.number().int().nonnegative(),
  error: z.object({ code: z.string(), message: z.string() }).optional(),
});
export type RepoRefresh = z.infer<typeof RepoRefresh>;

/** A refresh of `swegen mine`, over every repository. */
export const MineRefresh = z.object({
  new_commits: z.number().int().nonnegative(),
  new_candidates: z.number().int().nonnegative(),
  repos_mined: z.number().int().nonnegative(),
  repos_unchanged: z.number().int().nonnegative(),
  repos_skipped: z.number().int().nonnegative(),
  repos: z.array(RepoRefresh),
});
export type MineRefresh = z.infer<typeof MineRefresh>;

/** Why validation rejected a candidate. */
export const ValidationReason = z.enum([
  'checkout_failed',
  'env_detect_failed',
  'env_build_failed',
  'leak',
  'test_patch_failed',
  'nop_error',
  'patch_failed',
  'oracle_error',
  'pass_to_fail',
  'no_fail_to_pass',
]);
export type ValidationReason = z.infer<typeof ValidationReason>;

/** One NOP or Oracle run, briefly. */
export const RunBrief = z.object({
  status: z.string(),
  tests: z.number().int().nonnegative(),
  duration_ms: z.number().nonnegative(),
});
export type RunBrief = z.infer<typeof RunBrief>;

/** The verdict on one candidate: kept (with its test lists) or rejected with a reason. */
export const ValidationRecord = z.object({
  instance_id: z.string(),
  repo: z.string(),
  status: z.enum(['kept', 'rejected']),
  reason: ValidationReason.optional(),
  message: z.string().default(''),
  env_id: z.string().optional(),
  FAIL_TO_PASS: z.array(z.string()).default([]),
  PASS_TO_PASS: z.array(z.string()).default([]),
  flaky: z.array(z.string()).default([]),
  pass_to_fail: z.array(z.string()).default([]),
  runs: z.object({ nop: z.array(RunBrief), oracle: z.array(RunBrief) }),
  /** The validated instance, FAIL_TO_PASS and PASS_TO_PASS filled; only when kept. */
  instance: TaskInstance.optional(),
  timing: z.object({
    open_ms: z.number().nonnegative(),
    test_ms: z.number().nonnegative(),
    total_ms: z.number().nonnegative(),
    /** Time outside the test commands by step (checkout, env, sandbox, judge...), for the throughput bench. */
    phases: z.record(z.string(), z.number().nonnegative()).optional(),
  }),
});
export type ValidationRecord = z.infer<typeof ValidationRecord>;

const Count = z.number().int().nonnegative();

/** The yield of one synthesis strategy: bugs made, candidates that broke tests, valid instances, cost. */
export const StrategyYield = z.object({
  strategy: z.string(),
  candidates: Count,
  /** Bugs whose probe broke at least one passing test (written as candidates). */
  probed: Count,
  /** Validated instances; null when the run did not validate. */
  valid: Count.nullable(),
  rejections: z.array(z.object({ reason: z.string(), count: Count })),
  prompt_tokens: Count,
  completion_tokens: Count,
  cost_usd: z.number().nonnegative(),
});
export type StrategyYield = z.infer<typeof StrategyYield>;

/** The yield of a swegen run: how many items each stage took in and let through, and why the rest fell. */
export const YieldLedger = z.object({
  stages: z.array(
    z.object({ stage: z.string(), input: Count, output: Count, failed: Count, duration_ms: z.number() }),
  ),
  rejections: z.array(z.object({ stage: z.string(), reason: z.string(), count: Count })),
  flaky: z.object({ tests: Count, instances: Count }),
  /** Environments that failed to build: once each, with the number of candidates they took down. */
  env_failures: z.array(z.object({ env: z.string(), message: z.string(), candidates: Count })),
  /** Items that failed outright (a missing or shallow repository, an unreachable sandbox). */
  failures: z.array(z.object({ stage: z.string(), key: z.string(), code: z.string(), message: z.string() })),
  /** Time inside test commands and time spent per item in all, summed over items (validation). */
  test_ms: z.number().nonnegative(),
  item_ms: z.number().nonnegative(),
  /** Per synthesis strategy (swegen synth only). */
  strategies: z.array(StrategyYield).optional(),
  /** What a `swegen mine --refresh` did per repository (refresh runs only). */
  refresh: MineRefresh.optional(),
});
export type YieldLedger = z.infer<typeof YieldLedger>;
