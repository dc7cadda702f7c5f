import { randomUUID } from 'node:crypto';
import { LegoError } from '../errors.js';
import type { LedgerAttempt, LedgerSubject } from '../schema/env-ledger.js';
import { envSpecId, type EnvSpec } from '../schema/env.js';
import { failedMessage, repairFields, stopReason, tryOnce } from './construct-attempt.js';
import { tail } from './construct-log.js';
import type { AgentRepair } from './agent/hook.js';
import type { EnvSteps } from './construct-steps.js';
import type { BuiltEnvironment } from './environment.js';
import { appendLedger, readyResult } from './ledger.js';
import { diagnose } from './repair/diagnose.js';
import { repairRules } from './repair/index.js';
import type { CheckoutFiles, RepairRule } from './repair/rule.js';

export type { CheckOutcome, EnvSteps } from './construct-steps.js';

export interface ConstructOptions {
  cacheDir: string;
  subject: LedgerSubject;
  /** The starting spec: inline, `--env` file, or detection (see `detectRecorded`). */
  start: EnvSpec;
  /** Where `start` came from (detection's notes), recorded on the first attempt. */
  notes?: string[];
  /** The checkout at the commit, for rules that read its files. */
  files: CheckoutFiles;
  steps: EnvSteps;
  /** Names the check in the ledger (`suite`, `instance:<id>`); a ready result is reused only for the same check. */
  check: string;
  /** Builds tried at most; default 4. */
  maxAttempts?: number;
  /** Default: every rule in `repairRules`. */
  rules?: Readonly<Record<string, RepairRule>>;
  /** Tried when no rule repairs a failure and attempts remain (the LLM setup agent); off when absent. */
  agent?: AgentRepair;
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
      ...(n === 1 && options.notes?.length ? { notes: options.notes } : {}),
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
    const ruled = await diagnose(failure, rules);
    const agent = ruled || n >= maxAttempts ? undefined : await options.agent?.(failure);
    const repair = ruled ?? agent?.repair;
    await record({
      ...common,
      phase: failure.phase,
      passed: false,
      message: attempt.message,
      log_tail: tail(failure.log),
      ...(repair ? repairFields(repair) : {}),
      ...(agent ? { agent: agent.record } : {}),
    });
    const stop = (agent?.repair ? undefined : agent?.stop) ?? stopReason(repair, seen, n, maxAttempts);
    if (stop !== undefined) {
      const message = failedMessage(subject, { ...attempt, failure }, stop, n);
      await finish('failed', startId, n, message);
      throw new LegoError(attempt.code ?? 'env_build_failed', message);
    }
    options.log?.(
      `env ${startId}: attempt ${n} failed at ${failure.phase}; repairing with ${repair!.rule} (${repair!.match.subject})`,
    );
    repairs.push(repair!.rule);
    spec = repair!.spec;
  }
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

export { detectRecorded } from './construct-detect.js';
