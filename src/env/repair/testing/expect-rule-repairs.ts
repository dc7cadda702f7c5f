import { join } from 'node:path';
import { expect } from 'vitest';
import type { EnvSpec } from '../../../schema/env.js';
import type { LedgerAttempt } from '../../../schema/env-ledger.js';
import { readLedger } from '../../ledger.js';
import type { RepairRuleName } from '../index.js';
import { fixtureSandboxes } from './repos.js';

type Step = [phase: LedgerAttempt['phase'], passed: boolean, rule: RepairRuleName | undefined];

/**
 * Builds `files` as `<name>-without` (only the `without` rules): it fails with `failure`; then as
 * `<name>-with` (`rule`, and `without`'s rules when `keep` says so): it is ready, its ledger's attempts taking `steps` (phase, passed, repair rule).
 * Returns the repaired spec and those attempts for the rule's own assertions.
 */
export async function expectRuleRepairs(
  root: string,
  name: string,
  files: Record<string, string>,
  repair: {
    rule: RepairRuleName;
    without?: RepairRuleName[];
    keep?: boolean;
    failure: RegExp;
    steps: Step[];
  },
): Promise<{ spec: EnvSpec; attempts: LedgerAttempt[] }> {
  const without = await fixtureSandboxes(root, `${name}-without`, files, repair.without ?? []);
  const failed = without.sandboxes.open(without.instance);
  await expect(failed).rejects.toMatchObject({ code: 'env_build_failed' });
  await expect(failed).rejects.toThrow(repair.failure);

  const withRules = [...(repair.keep ? (repair.without ?? []) : []), repair.rule];
  const withRule = await fixtureSandboxes(root, `${name}-with`, files, withRules);
  const task = await withRule.sandboxes.open(withRule.instance);
  await task.close();
  const ledger = await readLedger(join(root, 'cache'), withRule.repo);
  const attempts = ledger.flatMap((e) => (e.kind === 'attempt' ? [e] : []));
  expect(attempts.map((e) => [e.phase, e.passed, e.repair?.rule])).toEqual(repair.steps);
  return { spec: task.spec, attempts };
}
