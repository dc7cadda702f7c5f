import { randomUUID } from 'node:crypto';
import { LegoError } from '../errors.js';
import type { LedgerAttempt, LedgerSubject } from '../schema/env-ledger.js';
import { envSpecId, type EnvSpec } from '../schema/env.js';
import { failureHint, failureLog, firstErrorLine, tail } from './construct-log.js';
import type { BuiltEnvironment } from './environment.js';
import { appendLedger, readyResult } from './ledger.js';
import { diagnose, type Repair } from './repair/diagnose.js';
import { repairRules } from './repair/index.js';
import type { CheckoutFiles, Failure, RepairRule } from './repair/rule.js';

/** How a check ended: passed or not, one line saying why, and the test output rules read. */
export interface CheckOutcome {
  passed: boolean;
  message: string;
  log: string;
}

/** The steps the loop drives; each throws a `LegoError` when it cannot run at all. */
export interface EnvSteps {
  /** Builds (or reuses) a spec's environment; a failed install throws `env_build_failed`. */
  build(spec: EnvSpec): Promise<BuiltEnvironment>;
  /** Runs the tests in a built environment. */
  check(built: BuiltEnvironment): Promise<CheckOutcome>;
}

export interface ConstructOptions {
  cacheDir: string;
  subject: LedgerSubject;
  /** The starting spec: inline, `--env` file, or detection (see `detectRecorded`). */
  start: EnvSpec;
  /** The checkout at the commit, for rules that read its files. */
  files: CheckoutFiles;
  steps: EnvSteps;
  /** Names the check in the ledger (`suite`, `instance:<id>`); a ready result is reused only for the same check. */
  check: string;
  /** Builds tried at most; default 4. */
  maxAttempts?: number;
  /** Default: every rule in `repairRules`. */
  rules?: Readonly<Record<string, RepairRule>>;
  log?: (line: string) => void;
}

/** An environment whose check passed, and how the loop got there. */
export interface ConstructedEnvironment {
  built: BuiltEnvironment;
  /** The spec that passed (before the builder filled in defaults such as the base image). */
  spec: EnvSpec;
  construction: string;
  /** Builds tried; 0 when a ready result from the ledger was reused. */
  attempts: number;
  /** Rules applied, in order. */
  repairs: string[];
}

export const DEFAULT_MAX_ATTEMPTS = 4;

interface Attempt {
  spec: EnvSpec;
  message: string;
  built?: BuiltEnvironment;
  failure?: Failure;
  /** An error no rule can repair (the sandbox or docker is unavailable, the check could not run). */
  fatal?: { phase: Failure['phase']; err: unknown };
}

/**
 * Environment construction as a loop: detect → build → check → diagnose → repair → retry, at most
 * `maxAttempts` builds. Every attempt and the result go to the env ledger. A spec that passed this check
 * before (same starting spec) is reused without a check; one that passed another check (another
 * instance) is the first spec tried. The loop ends with the first passing check, or
 * throws `env_build_failed` when no rule matches, a repair repeats a spec, or the attempts run out.
 */
export async function constructEnvironment(options: ConstructOptions): Promise<ConstructedEnvironment> {
  const { cacheDir, subject, check } = options;
  const construction = randomUUID();
  const base = { construction, ...subject, time: '' };
  const record = (entry: Omit<LedgerAttempt, 'kind' | 'construction' | 'repo' | 'commit' | 'time'>) =>
    appendLedger(cacheDir, { kind: 'attempt', ...base, ...entry, time: new Date().toISOString() });
  const finish = (
    status: 'ready' | 'failed',
    startId: string,
    attempts: number,
    message: string,
    spec?: EnvSpec,
  ) =>
    appendLedger(cacheDir, {
      kind: 'result',
      ...base,
      start_spec_id: startId,
      time: new Date().toISOString(),
      status,
      check,
      attempts,
      message,
      ...(spec ? { final_spec: spec, final_spec_id: envSpecId(spec) } : {}),
    });

  const start = options.start;
  const startId = envSpecId(start);
  const reused = await reuse(options, startId);
  if (reused) return { ...reused, construction };

  const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  const rules = options.rules ?? repairRules;
  const seen = new Set<string>();
  const repairs: string[] = [];
  const learned = await readyResult(cacheDir, subject.repo, startId);
  let spec = learned?.final_spec ?? start;
  for (let n = 1; ; n++) {
    seen.add(envSpecId(spec));
    const started = Date.now();
    const attempt = await tryOnce(options, spec);
    const common = {
      start_spec_id: startId,
      attempt: n,
      spec_id: envSpecId(spec),
      spec,
      duration_ms: Date.now() - started,
    };
    if (attempt.built) {
      await record({ ...common, phase: 'check', passed: true, message: attempt.message, log_tail: '' });
      await finish('ready', startId, n, attempt.message, spec);
      return { built: attempt.built, spec, construction, attempts: n, repairs };
    }
    if (attempt.fatal) {
      const { phase, err } = attempt.fatal;
      await record({ ...common, phase, passed: false, message: attempt.message, log_tail: '' });
      await finish('failed', startId, n, attempt.message);
      throw err;
    }
    const failure = attempt.failure!;
    const repair = await diagnose(failure, rules);
    await record({
      ...common,
      phase: failure.phase,
      passed: false,
      message: attempt.message,
      log_tail: tail(failure.log),
      ...(repair ? repairFields(repair) : {}),
    });
    const stop = stopReason(repair, seen, n, maxAttempts);
    if (stop !== undefined) {
      const message = failedMessage(subject, failure, attempt.message, stop, n);
      await finish('failed', startId, n, message);
      throw new LegoError('env_build_failed', message);
    }
    options.log?.(
      `env ${startId}: attempt ${n} failed at ${failure.phase}; repairing with ${repair!.rule} (${repair!.match.subject})`,
    );
    repairs.push(repair!.rule);
    spec = repair!.spec;
  }
}

function repairFields(repair: Repair) {
  return {
    diagnosis: { rule: repair.rule, line: repair.match.line, subject: repair.match.subject },
    repair: { rule: repair.rule, spec_id: envSpecId(repair.spec) },
  };
}

function stopReason(
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

function failedMessage(
  subject: LedgerSubject,
  failure: Failure,
  what: string,
  stop: string,
  n: number,
): string {
  const id = `${subject.repo}@${subject.commit.slice(0, 12)}`;
  const hint = failureHint(`${what}\n${failure.log}`);
  return (
    `no working environment for ${id} (env:${envSpecId(failure.spec)}) after ${n} attempt(s): ${what}; ` +
    `first error: ${firstErrorLine(failure.log)}; ${stop}${hint ? `; ${hint}` : ''}. ` +
    `See \`legofactory env explain ${id}\`; write a spec that works and pass it with --env owner/name=spec.yaml`
  );
}

/** Builds and checks one spec; a failed install or check comes back as a failure rules can read. */
async function tryOnce(options: ConstructOptions, spec: EnvSpec): Promise<Attempt> {
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
      : failed('check', outcome.message, outcome.log);
  } catch (err) {
    return { spec, message: messageOf(err), fatal: { phase: 'check', err } };
  }
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** The ready spec the ledger remembers for this start and check, built (a cache hit) and not re-checked. */
async function reuse(options: ConstructOptions, startId: string) {
  const ready = await readyResult(options.cacheDir, options.subject.repo, startId, options.check);
  if (!ready?.final_spec) return undefined;
  try {
    const built = await options.steps.build(ready.final_spec);
    return { built, spec: ready.final_spec, attempts: 0, repairs: [] };
  } catch {
    return undefined;
  }
}

/**
 * Runs detection (or reads the inline / `--env` spec); a failure is recorded in the ledger as a `detect`
 * attempt with a failed result, then rethrown.
 */
export async function detectRecorded(
  cacheDir: string,
  subject: LedgerSubject,
  detect: () => Promise<EnvSpec>,
): Promise<EnvSpec> {
  const started = Date.now();
  try {
    return await detect();
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const base = {
      construction: randomUUID(),
      ...subject,
      start_spec_id: '',
      time: new Date().toISOString(),
    };
    const duration_ms = Date.now() - started;
    await appendLedger(cacheDir, {
      kind: 'attempt',
      ...base,
      attempt: 1,
      phase: 'detect',
      passed: false,
      message,
      log_tail: '',
      duration_ms,
    });
    await appendLedger(cacheDir, {
      kind: 'result',
      ...base,
      status: 'failed',
      check: '',
      attempts: 0,
      message,
    });
    throw err;
  }
}
