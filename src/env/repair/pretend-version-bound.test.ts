import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../repos/test-repo.js';
import { passingTest, pyprojectToml } from '../test-fixtures.js';
import { expectRuleRepairs } from './testing/expect-rule-repairs.js';

let root: string;
const salt = `pretend-${Date.now()}`;
beforeAll(async () => {
  root = await tempDir('lf-repair-pretend-');
});
afterAll(() => rm(root, { recursive: true, force: true }));

/**
 * A setuptools-scm project another test requirement depends on at a lower bound: python-dateutil needs
 * `six>=1.5`, as pytest needs `pluggy>=1.5` of pluggy's own checkout.
 */
function boundRepo(): Record<string, string> {
  return {
    'pyproject.toml': pyprojectToml(
      salt,
      ['name = "six"', 'dynamic = ["version"]'],
      [
        '[project.optional-dependencies]',
        'test = ["pytest", "python-dateutil"]',
        '',
        '[tool.setuptools_scm]',
      ],
      ['requires = ["setuptools>=61", "setuptools-scm>=7"]', 'build-backend = "setuptools.build_meta"'],
    ),
    'src/six/__init__.py': 'def add(a, b):\n    return a + b\n',
    'tests/test_add.py': passingTest('six'),
  };
}

describe('the pretend-version-bound rule', () => {
  it('fails when 0.0.0 is below what python-dateutil needs of the project; with the rule pretends that bound', async () => {
    const { spec } = await expectRuleRepairs(root, 'bound', boundRepo(), {
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
