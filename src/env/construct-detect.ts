import { randomUUID } from 'node:crypto';
import type { LedgerSubject } from '../schema/env-ledger.js';
import { messageOf } from './construct-attempt.js';
import { appendLedger } from './ledger.js';

/**
 * Runs detection (or reads the inline / `--env` spec); a failure is recorded in the ledger as a `detect`
 * attempt with a failed result, then rethrown.
 */
export async function detectRecorded<T>(
  cacheDir: string,
  subject: LedgerSubject,
  detect: () => Promise<T>,
): Promise<T> {
  const started = Date.now();
  try {
    return await detect();
  } catch (err) {
    const message = messageOf(err);
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
