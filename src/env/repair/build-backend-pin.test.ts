import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../repos/test-repo.js';
import { readLedger } from '../ledger.js';
import { fixtureSandboxes, buildBackendPinRepo } from './testing/repos.js';

let root: string;
const salt = `backend-${Date.now()}`;
beforeAll(async () => {
  root = await tempDir('lf-repair-backend-');
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe('the build-backend-pin rule', () => {
  it('fails to build a flit_core<4 project without the rule; with it builds on flit_core 4 without isolation', async () => {
    const files = buildBackendPinRepo(salt);
    const without = await fixtureSandboxes(root, 'flit-without', files, ['unavailable-pin']);
    const failed = without.sandboxes.open(without.instance);
    await expect(failed).rejects.toMatchObject({ code: 'env_build_failed' });
    await expect(failed).rejects.toThrow(
      /first error: error: subprocess-exited-with-error; no repair rule recognises this failure; the package index has no matching version/,
    );

    const withRule = await fixtureSandboxes(root, 'flit-with', files, ['build-backend-pin']);
    const task = await withRule.sandboxes.open(withRule.instance);
    await task.close();
    expect(task.spec.install).toEqual([
      'python3 -m venv venv',
      'venv/bin/python -m pip install flit_core',
      'venv/bin/python -m pip install --no-build-isolation "$LF_SNAPSHOT[test]" pytest',
    ]);
    const ledger = await readLedger(join(root, 'cache'), withRule.repo);
    const attempts = ledger.flatMap((e) => (e.kind === 'attempt' ? [e] : []));
    expect(attempts.map((e) => [e.phase, e.passed, e.repair?.rule])).toEqual([
      ['build', false, 'build-backend-pin'],
      ['check', true, undefined],
    ]);
    expect(attempts[0]?.diagnosis?.line).toBe('ERROR: No matching distribution found for flit_core<4,>=3.2');
    expect(attempts[1]?.message).toBe('suite: 1 PASSED');
  });
});
