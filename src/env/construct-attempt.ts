import { LegoError, type ErrorCode } from '../errors.js';
import type { LedgerSubject } from '../schema/env-ledger.js';
import { envSpecId, type EnvSpec } from '../schema/env.js';
import { failureHint, failureLog, firstErrorLine } from './construct-log.js';
import type { EnvSteps } from './construct-steps.js';
import type { BuiltEnvironment } from './environment.js';
import type { Repair } from './repair/diagnose.js';
import type { CheckoutFiles, Failure } from './repair/rule.js';

/** One build-and-check of a spec: built (the check passed), a failure rules can read, or a fatal error. */
export interface Attempt {
  spec: EnvSpec;
  message: string;
  built?: BuiltEnvironment;
  failure?: Failure;
  /** The error code when this failure ends the loop (a check may say `no_passing_tests`). */
  code?: ErrorCode;
  /** An error no rule can repair (the sandbox or docker is unavailable, the check could not run). */
  fatal?: { phase: Failure['phase']; err: unknown };
}

export function repairFields(repair: Repair) {
  return {
    diagnosis: { rule: repair.rule, line: repair.match.line, subject: repair.match.subject },
    repair: { rule: repair.rule, spec_id: envSpecId(repair.spec) },
  };
}

export function stopReason(
  repair: Repair | undefined,
  seen: Set<string>,
  n: number,
  max: number,
): string | undefined {
  if (!repair) return 'no repair rule recognises this failure';
  if (seen.has(envSpecId(repair.spec))) return `the repair (${repair.rule}) gives a spec already tried`;
  if (n >= max) return `${max} attempts tried`;
  return undefined;
}

/** Why the loop gave up, for a person: what failed, its first error line, a likely cause, where to look. */
export function failedMessage(
  subject: LedgerSubject,
  attempt: Attempt & { failure: Failure },
  stop: string,
  n: number,
): string {
  const { failure, message: what } = attempt;
  const id = `${subject.repo}@${subject.commit.slice(0, 12)}`;
  const hint = failureHint(`${what}\n${failure.log}`);
  const lead =
    attempt.code === 'no_passing_tests'
      ? `no test passes at ${subject.repo}@${subject.commit}`
      : `no working environment for ${id}`;
  return (
    `${lead} (env:${envSpecId(failure.spec)}) after ${n} attempt(s): ${what}; ` +
    `first error: ${firstErrorLine(failure.log)}; ${stop}${hint ? `; ${hint}` : ''}. ` +
    `See \`legofactory env explain ${id}\`; write a spec that works and pass it with --env owner/name=spec.yaml`
  );
}

/** Builds and checks one spec; a failed install or check comes back as a failure rules can read. */
export async function tryOnce(
  options: { steps: EnvSteps; files: CheckoutFiles },
  spec: EnvSpec,
): Promise<Attempt> {
  const failed = (phase: Failure['phase'], message: string, log: string): Attempt => ({
    spec,
    message,
    failure: { phase, spec, log, files: options.files },
  });
  let built: BuiltEnvironment;
  try {
    built = await options.steps.build(spec);
  } catch (err) {
    if (!(err instanceof LegoError) || err.code !== 'env_build_failed')
      return { spec, message: messageOf(err), fatal: { phase: 'build', err } };
    return failed('build', err.message.split(/; last lines of |\n/)[0] ?? '', await failureLog(err.message));
  }
  try {
    const outcome = await options.steps.check(built);
    return outcome.passed
      ? { spec, built, message: outcome.message }
      : { ...failed('check', outcome.message, outcome.log), ...(outcome.code ? { code: outcome.code } : {}) };
  } catch (err) {
    return { spec, message: messageOf(err), fatal: { phase: 'check', err } };
  }
}

export function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
