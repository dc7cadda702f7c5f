import { join } from 'node:path';
import { judge, type Judgement } from '../../../harness/run.js';
import type { Candidate, RunBrief, ValidationReason } from '../../../schema/swegen.js';
import type { Phases } from '../../../tasks/phases.js';
import type { OpenTask } from '../../../tasks/task-sandboxes.js';
import type { RunTests } from './classify.js';

/** NOP runs apply no patch (base + test_patch); Oracle runs apply the gold patch too. */
export type RunKind = 'nop' | 'oracle';

/** Repeated runs of one kind, or why they were cut short. */
export interface RunSeries {
  briefs: RunBrief[];
  tests: RunTests[];
  testMs: number;
  failure?: { reason: ValidationReason; message: string };
}

export interface SeriesOptions {
  task: OpenTask;
  candidate: Candidate;
  runs: number;
  timeoutMs: number;
  /** Where each run's test output goes (`<kind>-<n>.txt`). */
  logDir: string;
  /** Gets the time of the judge outside the test command (`judge`). */
  phases: Phases;
}

/** Why a run of this kind disqualifies the candidate, if it does. */
function failureOf(kind: RunKind, verdict: Judgement): RunSeries['failure'] {
  const { status, message } = verdict;
  if (kind === 'nop') {
    if (status === 'error') return { reason: 'test_patch_failed', message };
    if (status === 'timeout') return { reason: 'nop_error', message };
    return undefined;
  }
  if (status === 'patch_failed') return { reason: 'patch_failed', message };
  if (status === 'error' || status === 'timeout' || status === 'invalid')
    return { reason: 'oracle_error', message: `${status}: ${message}` };
  return undefined;
}

/**
 * Runs the candidate's tests `runs` times through the one judge, from a clean workdir each time (the
 * judge puts it back to the base commit in its first round trip).
 */
export async function runSeries(kind: RunKind, options: SeriesOptions): Promise<RunSeries> {
  const series: RunSeries = { briefs: [], tests: [], testMs: 0 };
  for (let n = 1; n <= options.runs; n += 1) {
    const started = performance.now();
    const verdict = await judge({
      sandbox: options.task.sandbox,
      instance: options.candidate,
      spec: options.task.spec,
      patch: kind === 'nop' ? '' : options.candidate.patch,
      scope: 'test_files',
      timeoutMs: options.timeoutMs,
      logPath: join(options.logDir, `${kind}-${n}.txt`),
      resetWorkdir: true,
    });
    const { tests, duration_ms } = verdict.test_run;
    options.phases['judge'] = (options.phases['judge'] ?? 0) + performance.now() - started - duration_ms;
    series.briefs.push({ status: verdict.status, tests: Object.keys(tests).length, duration_ms });
    series.tests.push(tests);
    series.testMs += duration_ms;
    series.failure = failureOf(kind, verdict);
    if (series.failure) break;
  }
  return series;
}
