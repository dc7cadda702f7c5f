import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../repos/test-repo.js';
import { dockerForTests } from '../../sandbox/test-docker.js';
import { readLedger } from '../ledger.js';
import { fixtureSandboxes, missingModuleRepo } from './testing/repos.js';

let root: string;
const salt = `module-${Date.now()}`;
beforeAll(async () => {
  root = await tempDir('lf-repair-module-');
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe('the missing-module rule', () => {
  it("fails the check without the rule; with it installs PyYAML for conftest's `import yaml` and passes", async () => {
    const files = missingModuleRepo(salt);
    const without = await fixtureSandboxes(root, 'yaml-without', files, []);
    const failed = without.sandboxes.open(without.instance);
    await expect(failed).rejects.toMatchObject({ code: 'env_build_failed' });
    await expect(failed).rejects.toThrow(
      /suite: no tests parsed.*No module named 'yaml'.*no repair rule recognises/s,
    );

    const withRule = await fixtureSandboxes(root, 'yaml-with', files, ['missing-module']);
    const task = await withRule.sandboxes.open(withRule.instance);
    await task.close();
    expect(task.spec.install.at(-1)).toBe('venv/bin/python -m pip install PyYAML');
    const ledger = await readLedger(join(root, 'cache'), withRule.repo);
    const attempts = ledger.flatMap((e) => (e.kind === 'attempt' ? [e] : []));
    expect(attempts.map((e) => [e.phase, e.passed, e.repair?.rule])).toEqual([
      ['check', false, 'missing-module'],
      ['check', true, undefined],
    ]);
    expect(attempts[0]?.diagnosis?.line).toBe("E   ModuleNotFoundError: No module named 'yaml'");
    expect(attempts[1]?.message).toBe('suite: 1 PASSED');
  });
});

const daemonUp = await dockerForTests('env/repair/missing-module.test.ts');

describe.skipIf(!daemonUp)('the missing-module rule in docker', () => {
  it('repairs the same repository built as an image', async () => {
    const withRule = await fixtureSandboxes(
      root,
      'yaml-docker',
      missingModuleRepo(`${salt}-docker`),
      ['missing-module'],
      'docker',
    );
    try {
      const task = await withRule.sandboxes.open(withRule.instance);
      await task.close();
      expect(task.spec.install.at(-1)).toBe('venv/bin/python -m pip install PyYAML');
      const ledger = await readLedger(join(root, 'cache'), withRule.repo);
      expect(
        ledger.map((e) =>
          e.kind === 'attempt' ? `${e.phase}:${e.passed}:${e.repair?.rule ?? ''}` : e.status,
        ),
      ).toEqual(['check:false:missing-module', 'check:true:', 'ready']);
    } finally {
      await withRule.sandboxes.closeAll();
    }
  });
});
