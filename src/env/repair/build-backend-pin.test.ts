import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../repos/test-repo.js';
import { expectRuleRepairs } from './testing/expect-rule-repairs.js';
import { buildBackendPinRepo } from './testing/repos.js';

let root: string;
const salt = `backend-${Date.now()}`;
beforeAll(async () => {
  root = await tempDir('lf-repair-backend-');
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe('the build-backend-pin rule', () => {
  it('fails to build a flit_core<4 project without the rule; with it builds on flit_core 4 without isolation', async () => {
    const { spec, attempts } = await expectRuleRepairs(root, 'flit', buildBackendPinRepo(salt), {
      rule: 'build-backend-pin',
      without: ['unavailable-pin'],
      failure:
        /first error: error: subprocess-exited-with-error; no repair rule recognises this failure; the package index has no matching version/,
      steps: [
        ['build', false, 'build-backend-pin'],
        ['check', true, undefined],
      ],
    });
    expect(spec.install).toEqual([
      'python3 -m venv venv',
      'venv/bin/python -m pip install flit_core',
      'venv/bin/python -m pip install --no-build-isolation "$LF_SNAPSHOT[test]" pytest',
    ]);
    expect(attempts[0]?.diagnosis?.line).toBe('ERROR: No matching distribution found for flit_core<4,>=3.2');
    expect(attempts[1]?.message).toBe('suite: 1 PASSED');
  });
});
