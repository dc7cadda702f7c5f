import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../repos/test-repo.js';
import { setuptoolsRepo } from '../test-fixtures.js';
import { fixtureSandboxes } from '../repair/testing/repos.js';

let root: string;
const salt = `hashed-${Date.now()}`;
beforeAll(async () => {
  root = await tempDir('lf-detect-hashed-');
});
afterAll(() => rm(root, { recursive: true, force: true }));

/** `pip-compile --generate-hashes` output: a pin, its hashes on continued lines, and a comment. */
const hashedRequirements = [
  '#    pip-compile --generate-hashes ./requirements.in',
  'iniconfig==2.3.0 \\',
  '    --hash=sha256:f631c04d2c48c52b84d0d0549c99ff3859c98df65b3101406327ecc7d53fbf12 \\',
  '    --hash=sha256:0000000000000000000000000000000000000000000000000000000000000000',
  '    # via -r ./requirements.in',
  '',
].join('\n');

describe('detection of a project with a hashed requirements file', () => {
  it('strips the hashes before pip, so the file installs with the project and the check passes', async () => {
    const files = {
      ...setuptoolsRepo('hashcalc', salt),
      'requirements.txt': hashedRequirements,
      'tests/test_ini.py': 'import iniconfig\n\n\ndef test_ini():\n    assert iniconfig.__version__\n',
    };
    const fixture = await fixtureSandboxes(root, 'hashed', files, []);
    const task = await fixture.sandboxes.open(fixture.instance);
    await task.close();
    expect(task.spec.install).toEqual([
      'python3 -m venv venv',
      String.raw`sed -i -E ':a;/\\$/{N;s/\\\n//;ba};s/[[:space:]]+--hash[= ][^[:space:]]+//g;/^[[:space:]]*--require-hashes/d' requirements.txt`,
      'venv/bin/python -m pip install "$LF_SNAPSHOT[test]" -r requirements.txt pytest',
    ]);
  });
});
