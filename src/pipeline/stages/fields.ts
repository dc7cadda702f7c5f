import { z } from 'zod';

/** Config fields several stage kinds share, described once. */
export const testTimeoutMs = z
  .number()
  .int()
  .positive()
  .default(600_000)
  .describe('Time limit of one test run, in milliseconds.');

export const validationRuns = (what: string) =>
  z.number().int().positive().default(3).describe(`NOP and Oracle runs per candidate${what}.`);
