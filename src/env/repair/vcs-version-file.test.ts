import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../repos/test-repo.js';
import { expectRuleRepairs } from './testing/expect-rule-repairs.js';
import { vcsVersionRepo } from './testing/repos.js';

let root: string;
const salt = `vcs-file-${Date.now()}`;
beforeAll(async () => {
  root = await tempDir('lf-repair-vcs-file-');
});
afterAll(() => rm(root, { recursive: true, force: true }));

const versionKey = {
  'hatch-vcs': ['[tool.hatch.build.hooks.vcs]', 'version-file = "src/hatchcalc/_version.py"'],
  // appended under the fixture's last table, [tool.setuptools_scm]
  'setuptools-scm': ['write_to = "src/scmcalc/_version.py"'],
};

/** A vcs-versioned package whose `__init__` imports the version file its build writes (and git ignores). */
function versionFileRepo(backend: 'setuptools-scm' | 'hatch-vcs'): Record<string, string> {
  const files = vcsVersionRepo(backend, salt);
  const pkg = backend === 'hatch-vcs' ? 'hatchcalc' : 'scmcalc';
  return {
    ...files,
    'pyproject.toml': [files['pyproject.toml'], ...versionKey[backend], ''].join('\n'),
    '.gitignore': `src/${pkg}/_version.py\n`,
    [`src/${pkg}/__init__.py`]:
      'from ._version import __version__, __version_tuple__\n\n\ndef add(a, b):\n    return a + b\n',
  };
}

describe.each(['hatch-vcs', 'setuptools-scm'] as const)(
  'the vcs-version-file rule on a %s project',
  (backend) => {
    it('fails its check without the rule, and writes the version file into the checkout with it', async () => {
      const pkg = backend === 'hatch-vcs' ? 'hatchcalc' : 'scmcalc';
      const { spec } = await expectRuleRepairs(root, backend, versionFileRepo(backend), {
        rule: 'vcs-version-file',
        without: ['vcs-version'],
        keep: true,
        failure: new RegExp(`No module named '${pkg}\\._version'.*no repair rule recognises`, 's'),
        steps: [
          ['build', false, 'vcs-version'],
          ['check', false, 'vcs-version-file'],
          ['check', true, undefined],
        ],
      });
      expect(spec.test_cmd).toMatch(
        new RegExp(
          `^\\[ -e src/${pkg}/_version\\.py \\] \\|\\| printf '%s\\\\n' .* > src/${pkg}/_version\\.py; python -m pytest `,
        ),
      );
      expect(spec.test_cmd).toContain(
        `'__version__ = version = "0.0.0"' '__version_tuple__ = version_tuple = (0, 0, 0)'`,
      );
    });
  },
);
