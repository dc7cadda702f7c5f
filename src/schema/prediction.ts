import { z } from 'zod';

/** A model's patch for one instance, as SWE-bench predictions files hold it. */
export const Prediction = z.looseObject({
  instance_id: z.string().min(1),
  model_name_or_path: z.string().min(1),
  model_patch: z
    .string()
    .nullable()
    .transform((patch) => patch ?? ''),
});
export type Prediction = z.infer<typeof Prediction>;
