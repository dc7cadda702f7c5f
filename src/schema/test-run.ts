import { z } from 'zod';

export const TestStatus = z.enum(['PASSED', 'FAILED', 'ERROR', 'SKIPPED', 'XFAIL']);
export type TestStatus = z.infer<typeof TestStatus>;

/** The outcome of one test command: per-test statuses plus how the process ended. */
export const TestRun = z.object({
  tests: z.record(z.string(), TestStatus),
  exit_code: z.number().int().nullable(),
  timed_out: z.boolean(),
  duration_ms: z.number().nonnegative(),
  /** Which parser produced `tests`: `pytest-plugin`, `junit`, `jest-json` or a text parser name. */
  parser: z.string(),
  /**
   * Where `tests` came from: the runner's own structured report (`pytest-plugin`, `junit`, `jest-json`),
   * or `text:<parser>` when the command has no structured report and its output was parsed.
   */
  report_source: z.string().optional(),
  /** Why the run's report cannot be trusted (missing, forged, cut short, pytest changed at run time). */
  report_problem: z.string().optional(),
  /** Bytes of output dropped by the output cap. */
  truncated_bytes: z.number().int().nonnegative().default(0),
  log_path: z.string().optional(),
});
export type TestRun = z.infer<typeof TestRun>;
