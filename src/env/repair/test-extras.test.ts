import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../repos/test-repo.js';
import { readLedger } from '../ledger.js';
import { fixtureSandboxes, testExtrasRepo } from './testing/repos.js';

let root: string;
const salt = `extras-${Date.now()}`;
beforeAll(async () => {
  root = await tempDir('lf-repair-extras-');
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe('the test-extras rule', () => {
  it('fails the check without the rule; with it installs the `ci` extra that declares PyYAML (not `docs`) and passes', async () => {
    const files = testExtrasRepo(salt);
    const without = await fixtureSandboxes(root, 'extras-without', files, []);
    const failed = without.sandboxes.open(without.instance);
    await expect(failed).rejects.toMatchObject({ code: 'env_build_failed' });
    await expect(failed).rejects.toThrow(/No module named 'yaml'.*no repair rule recognises/s);

    const withRule = await fixtureSandboxes(root, 'extras-with', files, ['test-extras']);
    const task = await withRule.sandboxes.open(withRule.instance);
    await task.close();
    expect(task.spec.install).toEqual([
      'python3 -m venv venv',
      'venv/bin/python -m pip install "$LF_SNAPSHOT[test,ci]" pytest',
    ]);
    const ledger = await readLedger(join(root, 'cache'), withRule.repo);
    const attempts = ledger.flatMap((e) => (e.kind === 'attempt' ? [e] : []));
    expect(attempts.map((e) => [e.phase, e.passed, e.repair?.rule])).toEqual([
      ['check', false, 'test-extras'],
      ['check', true, undefined],
    ]);
    expect(attempts[0]?.diagnosis?.line).toBe("E   ModuleNotFoundError: No module named 'yaml'");
  });
});
