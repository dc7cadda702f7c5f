import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../repos/test-repo.js';
import { passingTest, pyprojectToml, testExtra } from '../test-fixtures.js';
import { expectRuleRepairs } from './testing/expect-rule-repairs.js';

let root: string;
const salt = `version-plugin-${Date.now()}`;
beforeAll(async () => {
  root = await tempDir('lf-repair-version-plugin-');
});
afterAll(() => rm(root, { recursive: true, force: true }));

/** A setuptools package whose version comes from setuptools-git-versioning, which the index lacks. */
const files = {
  'pyproject.toml': pyprojectToml(
    salt,
    ['name = "gitvercalc"', 'dynamic = ["version"]'],
    [...testExtra, '', '[tool.setuptools-git-versioning]', 'enabled = true'],
    [
      'requires = ["setuptools>=61", "setuptools-git-versioning>=2.0"]',
      'build-backend = "setuptools.build_meta"',
    ],
  ),
  'src/gitvercalc/__init__.py': 'def add(a, b):\n    return a + b\n',
  'tests/test_add.py': passingTest('gitvercalc'),
};

describe('the version-plugin rule', () => {
  it('fails to build without the rule (build-backend-pin cannot help), and builds without the plugin with it', async () => {
    const { spec } = await expectRuleRepairs(root, 'gitver', files, {
      rule: 'version-plugin',
      without: ['build-backend-pin'],
      failure: /setuptools-git-versioning/,
      steps: [
        ['build', false, 'version-plugin'],
        ['check', true, undefined],
      ],
    });
    expect(spec.install.slice(1)).toEqual([
      "venv/bin/python -m pip install 'setuptools>=61' wheel",
      'venv/bin/python -m pip install --no-build-isolation "$LF_SNAPSHOT[test]" pytest',
    ]);
  });
});
