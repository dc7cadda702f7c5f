import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../repos/test-repo.js';
import { expectRuleRepairs } from '../repair/testing/expect-rule-repairs.js';
import { vcsVersionRepo } from '../repair/testing/repos.js';

let root: string;
const salt = `version-file-${Date.now()}`;
beforeAll(async () => {
  root = await tempDir('lf-detect-version-file-');
});
afterAll(() => rm(root, { recursive: true, force: true }));

const versionKey = {
  'hatch-vcs': ['[tool.hatch.build.hooks.vcs]', 'version-file = "src/hatchcalc/_version.py"'],
  // appended under the fixture's last table, [tool.setuptools_scm]
  'setuptools-scm': ['write_to = "src/scmcalc/_version.py"'],
};

/** A vcs-versioned package whose `__init__` imports the version file its build writes (and git ignores). */
function versionFileRepo(backend: 'setuptools-scm' | 'hatch-vcs', pkg: string): Record<string, string> {
  const files = vcsVersionRepo(backend, salt);
  return {
    ...files,
    'pyproject.toml': [files['pyproject.toml'], ...versionKey[backend], ''].join('\n'),
    '.gitignore': `src/${pkg}/_version.py\n`,
    [`src/${pkg}/__init__.py`]:
      'from ._version import __version__, __version_tuple__\n\n\ndef add(a, b):\n    return a + b\n',
  };
}

describe.each([
  ['hatch-vcs', 'hatchcalc'],
  ['setuptools-scm', 'scmcalc'],
] as const)('detection of a %s project whose build writes a version file', (backend, pkg) => {
  it('writes the version file into the checkout before pytest, so the working tree imports', async () => {
    const { spec } = await expectRuleRepairs(root, backend, versionFileRepo(backend, pkg), {
      rule: 'vcs-version',
      failure: /setuptools-scm was unable to detect version/,
      steps: [
        ['build', false, 'vcs-version'],
        ['check', true, undefined],
      ],
    });
    const file = `src/${pkg}/_version.py`;
    expect(spec.test_cmd).toBe(
      `[ -e ${file} ] || printf '%s\\n' '# written by LegoFactory in place of the file the build writes from git' ` +
        `'__version__ = version = "0.0.0"' '__version_tuple__ = version_tuple = (0, 0, 0)' ` +
        `'__commit_id__ = commit_id = None' > ${file}; ` +
        'python -m pytest -rA -p no:cacheprovider -o junit_family=xunit1 --junitxml={junit} {tests}',
    );
  });
});
