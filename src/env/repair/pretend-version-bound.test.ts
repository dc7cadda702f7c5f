import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../repos/test-repo.js';
import { expectRuleRepairs } from './testing/expect-rule-repairs.js';
import { versionBoundRepo } from './testing/version-bound-repo.js';

let root: string;
const salt = `pretend-${Date.now()}`;
beforeAll(async () => {
  root = await tempDir('lf-repair-pretend-');
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe('the pretend-version-bound rule', () => {
  it('fails when 0.0.0 is below what python-dateutil needs of the project; with the rule pretends that bound', async () => {
    const { spec } = await expectRuleRepairs(root, 'bound', versionBoundRepo(salt), {
      rule: 'pretend-version-bound',
      without: ['vcs-version'],
      keep: true,
      failure: /Cannot install six and six\[test\]==0\.0\.0.*no repair rule recognises/s,
      steps: [
        ['build', false, 'vcs-version'],
        ['build', false, 'pretend-version-bound'],
        ['check', true, undefined],
      ],
    });
    expect(spec.install[0]).toBe('export SETUPTOOLS_SCM_PRETEND_VERSION=1.5');
  });
});
