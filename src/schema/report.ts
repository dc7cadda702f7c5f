import { z } from 'zod';

const SuccessFailure = z.object({ success: z.array(z.string()), failure: z.array(z.string()) });

/** SWE-bench's `tests_status` block. */
export const TestsStatus = z.object({
  FAIL_TO_PASS: SuccessFailure,
  PASS_TO_PASS: SuccessFailure,
  FAIL_TO_FAIL: SuccessFailure,
  PASS_TO_FAIL: SuccessFailure,
});
export type TestsStatus = z.infer<typeof TestsStatus>;

export const ResolutionStatus = z.enum(['FULL', 'PARTIAL', 'NO']);
export type ResolutionStatus = z.infer<typeof ResolutionStatus>;

/** How evaluating one prediction ended. Only `resolved` counts as resolved. */
export const EvalStatus = z.enum([
  'resolved',
  'unresolved',
  'empty_patch',
  'patch_failed',
  'timeout',
  'invalid',
  'error',
]);
export type EvalStatus = z.infer<typeof EvalStatus>;

/** The per-instance verdict: SWE-bench report.json fields plus a status and an actionable message. */
export const EvalReport = z.object({
  instance_id: z.string(),
  model_name_or_path: z.string(),
  status: EvalStatus,
  message: z.string().default(''),
  patch_is_None: z.boolean(),
  patch_exists: z.boolean(),
  patch_successfully_applied: z.boolean(),
  apply_method: z.string().nullable(),
  resolved: z.boolean(),
  resolution: ResolutionStatus,
  tests_status: TestsStatus.optional(),
  env_id: z.string().optional(),
  /**
   * Test-infrastructure paths the patch adds or changes (conftest.py, pytest settings, site hooks, JS
   * runner config, the package.json test script); a verdict on such a patch is not to be trusted blindly.
   */
  touches_test_infra: z.array(z.string()).optional(),
  duration_ms: z.number().nonnegative(),
});
export type EvalReport = z.infer<typeof EvalReport>;

/** SWE-bench's run summary (`schema_version: 2`). */
export const EvalSummary = z.looseObject({
  total_instances: z.number().int(),
  submitted_instances: z.number().int(),
  completed_instances: z.number().int(),
  resolved_instances: z.number().int(),
  unresolved_instances: z.number().int(),
  empty_patch_instances: z.number().int(),
  error_instances: z.number().int(),
  completed_ids: z.array(z.string()),
  incomplete_ids: z.array(z.string()),
  empty_patch_ids: z.array(z.string()),
  submitted_ids: z.array(z.string()),
  resolved_ids: z.array(z.string()),
  unresolved_ids: z.array(z.string()),
  error_ids: z.array(z.string()),
  unstopped_instances: z.number().int(),
  unstopped_containers: z.array(z.string()),
  unremoved_images: z.array(z.string()),
  schema_version: z.literal(2),
});
export type EvalSummary = z.infer<typeof EvalSummary>;
