import { EnvSpec, envSpecId } from '../../schema/env.js';
import type { Failure, FailureMatch, RepairRule } from './rule.js';

/** The rule that fired on a failure, the line it matched, and the spec its edit produced. */
export interface Repair {
  rule: string;
  match: FailureMatch;
  spec: EnvSpec;
}

/**
 * The first rule (in map order) that looks at the failure's phase, matches its log and changes the spec;
 * undefined when none does.
 */
export async function diagnose(
  failure: Failure,
  rules: Readonly<Record<string, RepairRule>>,
): Promise<Repair | undefined> {
  const before = envSpecId(failure.spec);
  for (const [name, rule] of Object.entries(rules)) {
    if (!rule.phases.includes(failure.phase)) continue;
    const match = await rule.match(failure);
    if (!match) continue;
    const edited = await rule.edit(failure.spec, match, failure);
    if (edited === undefined) continue;
    const spec = EnvSpec.parse(edited);
    if (envSpecId(spec) !== before) return { rule: name, match, spec };
  }
  return undefined;
}
