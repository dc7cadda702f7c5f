import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../repos/test-repo.js';
import { dockerForTests } from '../../sandbox/test-docker.js';
import { readLedger } from '../ledger.js';
import { expectRuleRepairs } from './testing/expect-rule-repairs.js';
import { fixtureSandboxes, missingModuleRepo } from './testing/repos.js';

let root: string;
const salt = `module-${Date.now()}`;
beforeAll(async () => {
  root = await tempDir('lf-repair-module-');
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe('the missing-module rule', () => {
  it("fails the check without the rule; with it installs PyYAML for conftest's `import yaml` and passes", async () => {
    const { spec, attempts } = await expectRuleRepairs(root, 'yaml', missingModuleRepo(salt), {
      rule: 'missing-module',
      failure: /suite: no tests parsed.*No module named 'yaml'.*no repair rule recognises/s,
      steps: [
        ['check', false, 'missing-module'],
        ['check', true, undefined],
      ],
    });
    expect(spec.install.at(-1)).toBe('venv/bin/python -m pip install PyYAML');
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
