import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../repos/test-repo.js';
import { expectRuleRepairs } from './testing/expect-rule-repairs.js';
import { testExtrasRepo } from './testing/repos.js';

let root: string;
const salt = `extras-${Date.now()}`;
beforeAll(async () => {
  root = await tempDir('lf-repair-extras-');
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe('the test-extras rule', () => {
  it('fails the check without the rule; with it installs the `ci` extra that declares PyYAML (not `docs`) and passes', async () => {
    const { spec, attempts } = await expectRuleRepairs(root, 'extras', testExtrasRepo(salt), {
      rule: 'test-extras',
      failure: /No module named 'yaml'.*no repair rule recognises/s,
      steps: [
        ['check', false, 'test-extras'],
        ['check', true, undefined],
      ],
    });
    expect(spec.install).toEqual([
      'python3 -m venv venv',
      'venv/bin/python -m pip install "$LF_SNAPSHOT[test,ci]" pytest',
    ]);
    expect(attempts[0]?.diagnosis?.line).toBe("E   ModuleNotFoundError: No module named 'yaml'");
  });
});
