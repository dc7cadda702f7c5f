import { z } from 'zod';
import { EnvSpec } from './env.js';

/** A list of test ids, accepted as a list or as a JSON-encoded string (SWE-bench datasets use both). */
export const TestIdList = z.preprocess((value, ctx) => {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    ctx.addIssue({ code: 'custom', message: 'expected a list of test ids or a JSON-encoded list' });
    return z.NEVER;
  }
}, z.array(z.string()));

export const InstanceSource = z.looseObject({
  kind: z.string().regex(/^(real|synthetic:[\w-]+)$/, 'expected "real" or "synthetic:<strategy>"'),
});
export type InstanceSource = z.infer<typeof InstanceSource>;

/** One task: SWE-bench's fields plus an optional environment and provenance. Unknown fields are kept. */
export const TaskInstance = z.looseObject({
  instance_id: z.string().min(1),
  repo: z.string().regex(/^[\w.-]+\/[\w.-]+$/, 'expected "owner/name"'),
  base_commit: z.string().regex(/^[0-9a-f]{7,40}$/, 'expected a commit sha'),
  patch: z.string(),
  test_patch: z.string(),
  problem_statement: z.string().default(''),
  hints_text: z.string().default(''),
  created_at: z.string().default(''),
  version: z.string().default(''),
  environment_setup_commit: z.string().default(''),
  FAIL_TO_PASS: TestIdList,
  PASS_TO_PASS: TestIdList.default([]),
  env: z.union([EnvSpec, z.string()]).optional(),
  source: InstanceSource.optional(),
});
export type TaskInstance = z.infer<typeof TaskInstance>;
