import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../repos/test-repo.js';
import { readLedger } from '../ledger.js';
import { expectRuleRepairs } from './testing/expect-rule-repairs.js';
import { fixtureSandboxes, vcsVersionRepo } from './testing/repos.js';
import { versionBoundRepo } from './testing/version-bound-repo.js';

let root: string;
const salt = `vcs-${Date.now()}`;
beforeAll(async () => {
  root = await tempDir('lf-repair-vcs-');
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe.each(['setuptools-scm', 'hatch-vcs'] as const)('the vcs-version rule on a %s project', (backend) => {
  it('fails to build without the rule, and builds and passes its check with it', async () => {
    const files = vcsVersionRepo(backend, salt);
    const without = await fixtureSandboxes(root, `${backend}-without`, files, []);
    const failed = without.sandboxes.open(without.instance);
    await expect(failed).rejects.toMatchObject({ code: 'env_build_failed' });
    await expect(failed).rejects.toThrow(
      /setuptools-scm was unable to detect version.*no repair rule recognises/s,
    );

    const withRule = await fixtureSandboxes(root, `${backend}-with`, files, ['vcs-version']);
    const task = await withRule.sandboxes.open(withRule.instance);
    await task.close();
    expect(task.spec.install[0]).toBe('export SETUPTOOLS_SCM_PRETEND_VERSION=0.0.0');
    const ledger = await readLedger(root + '/cache', withRule.repo);
    expect(
      ledger.map((e) => (e.kind === 'attempt' ? `${e.phase}:${e.passed}:${e.repair?.rule ?? ''}` : e.status)),
    ).toEqual(['build:false:vcs-version', 'check:true:', 'ready']);
  });
});

describe('the vcs-version rule on a project whose changelog names its releases', () => {
  it('pretends the newest release, which meets what python-dateutil needs of it (six>=1.5), in one build', async () => {
    const changes = '# Changes\n\n## 1.17.0 (2024-12-04)\n\n- Python 3.13 support\n\n## 1.9.0\n\n- fixes\n';
    const { spec } = await expectRuleRepairs(root, 'changelog', versionBoundRepo(salt, changes), {
      rule: 'vcs-version',
      failure: /setuptools-scm was unable to detect version.*no repair rule recognises/s,
      steps: [
        ['build', false, 'vcs-version'],
        ['check', true, undefined],
      ],
    });
    expect(spec.install[0]).toBe('export SETUPTOOLS_SCM_PRETEND_VERSION=1.17.0');
  });
});
