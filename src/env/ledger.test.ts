import { appendFile, readFile, rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../repos/test-repo.js';
import type { LedgerEntry } from '../schema/env-ledger.js';
import { appendLedger, constructionsFor, ledgerPath, readLedger, readyResult } from './ledger.js';

let cache: string;
beforeAll(async () => {
  cache = await tempDir('lf-ledger-');
});
afterAll(() => rm(cache, { recursive: true, force: true }));

const subject = { repo: 'acme/widgets', commit: 'abcdef0123456789', instance_id: 'acme__widgets-1' };
const attempt = (construction: string, n: number): LedgerEntry => ({
  kind: 'attempt',
  construction,
  ...subject,
  start_spec_id: 'start0000000000a',
  time: new Date(0).toISOString(),
  attempt: n,
  spec_id: `spec000000000${n}`,
  phase: 'build',
  passed: false,
  message: `attempt ${n}`,
  log_tail: '',
  duration_ms: 1,
});

describe('the env ledger', () => {
  it('keeps every line of concurrent writers whole, and skips a line torn by a crash', async () => {
    await Promise.all(Array.from({ length: 12 }, (_, i) => appendLedger(cache, attempt(`c${i % 3}`, i + 1))));
    await appendFile(ledgerPath(cache, subject.repo), '{"kind":"attempt","constr');
    await appendLedger(cache, attempt('c9', 13));
    const entries = await readLedger(cache, subject.repo);
    expect(entries).toHaveLength(13);
    expect(new Set(entries.map((e) => e.kind === 'attempt' && e.attempt)).size).toBe(13);
    const lines = (await readFile(ledgerPath(cache, subject.repo), 'utf8')).split('\n');
    expect(lines).toHaveLength(15);
    expect(await readLedger(cache)).toHaveLength(13);
  });

  it('finds constructions by instance id, spec id, owner/name@commit prefix and repository', async () => {
    const all = await readLedger(cache, subject.repo);
    expect(constructionsFor(all, 'spec0000000004').map((e) => e.construction)).toEqual([
      'c0',
      'c0',
      'c0',
      'c0',
    ]);
    expect(constructionsFor(all, 'acme__widgets-1')).toHaveLength(13);
    expect(constructionsFor(all, 'acme/widgets@abcdef01')).toHaveLength(13);
    expect(constructionsFor(all, 'acme/widgets@abc')).toHaveLength(0);
    expect(constructionsFor(all, 'acme/widgets@1234')).toHaveLength(0);
    expect(constructionsFor(all, 'acme/widgets')).toHaveLength(13);
  });

  it('remembers the latest ready result for a start spec and check', async () => {
    const result = (status: 'ready' | 'failed', final: string, check: string): LedgerEntry => ({
      kind: 'result',
      construction: `r-${final}`,
      ...subject,
      start_spec_id: 'start0000000000a',
      time: new Date(0).toISOString(),
      status,
      check,
      attempts: 1,
      message: '',
      final_spec_id: final,
    });
    await appendLedger(cache, result('ready', 'first', 'suite'));
    await appendLedger(cache, result('ready', 'second', 'suite'));
    await appendLedger(cache, result('failed', 'third', 'suite'));
    await appendLedger(cache, result('ready', 'other', 'instance:x'));
    expect((await readyResult(cache, subject.repo, 'start0000000000a', 'suite'))?.final_spec_id).toBe(
      'second',
    );
    expect(await readyResult(cache, subject.repo, 'start0000000000b', 'suite')).toBeUndefined();
  });
});
