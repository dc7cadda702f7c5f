import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { detectEnv } from '../env/detect/index.js';
import { packageRoot } from '../package-root.js';
import { providers } from '../sandbox/index.js';
import { TaskInstance } from '../schema/instance.js';
import { diffOf, gitIn, makeRepo, removeRepo, writeFiles } from './fixture-repo.js';
import { judge } from './run.js';

/** What an enclosing project would impose on a checkout under it, if its runners searched upward. */
const enclosing = {
  'pytest.ini': '[pytest]\naddopts = -k nothing_matches\n',
  'conftest.py': 'raise SystemExit("the enclosing conftest.py was loaded")\n',
  'vitest.config.ts': "export default { test: { include: ['nothing/**'], passWithNoTests: true } };\n",
  'jest.config.js': "module.exports = { testMatch: ['**/nothing/**'] };\n",
  '.mocharc.json': '{ "spec": "nothing/*.js" }\n',
  'package.json': '{ "name": "enclosing", "private": true }\n',
  'node_modules/.bin/vitest': '#!/bin/sh\necho " ✓ test/a.test.js > s > fails 1ms"\n',
};

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** A repository at `<enclosing project>/checkout`, the instance adding `tests`, and a sandbox on it. */
async function nestedCheckout(files: Record<string, string>, tests: Record<string, string>) {
  const { dir: outer } = await makeRepo(enclosing);
  cleanups.push(() => removeRepo(outer));
  const dir = join(outer, 'checkout');
  await mkdir(dir);
  await gitIn(dir, 'init', '-q', '-b', 'main');
  await writeFiles(dir, files);
  await gitIn(dir, 'add', '-A');
  await gitIn(dir, 'commit', '-q', '-m', 'base');
  const base = (await gitIn(dir, 'rev-parse', 'HEAD')).trim();
  return { dir, base, testPatch: await diffOf(dir, tests) };
}

async function judgeNested(dir: string, base: string, testPatch: string, envDir?: string) {
  const spec = await detectEnv(dir);
  const instance = TaskInstance.parse({
    instance_id: 'demo__nested-1',
    repo: 'demo/nested',
    base_commit: base,
    patch: '',
    test_patch: testPatch,
    FAIL_TO_PASS: [],
    PASS_TO_PASS: [],
  });
  // Without bubblewrap the enclosing directory is visible to the runners, as it is to a plain checkout.
  const sandbox = await providers.local({ bubblewrap: 'off' }).create({
    repoDir: dir,
    ...(envDir ? { envDir } : {}),
    env: { PYTHONPATH: dir },
  });
  cleanups.push(() => sandbox.close());
  return judge({ sandbox, instance, spec, patch: '', timeoutMs: 120_000 });
}

describe('a checkout nested inside another project runs with its own config only', () => {
  it('pytest ignores the enclosing pytest.ini and conftest.py', async () => {
    const { dir, base, testPatch } = await nestedCheckout(
      { 'requirements.txt': 'pytest\n', 'tests/__init__.py': '' },
      { 'tests/test_a.py': 'def test_passes():\n    assert True\n\n\ndef test_fails():\n    assert False\n' },
    );
    const judgement = await judgeNested(dir, base, testPatch);
    expect(judgement.test_run).toMatchObject({ exit_code: 1, report_source: 'pytest-plugin' });
    expect(judgement.test_run.tests).toEqual({
      'tests/test_a.py::test_passes': 'PASSED',
      'tests/test_a.py::test_fails': 'FAILED',
    });
  });

  it('vitest runs from the environment’s bin directory and ignores the enclosing config', async () => {
    const pkg =
      '{ "name": "nested", "private": true, "type": "module", "devDependencies": { "vitest": "4" } }\n';
    const { dir, base, testPatch } = await nestedCheckout(
      { 'package.json': pkg },
      {
        'test/a.test.js':
          "import { describe, expect, it } from 'vitest';\n\ndescribe('s', () => {\n" +
          "  it('passes', () => expect(1).toBe(1));\n  it('fails', () => expect(1).toBe(2));\n});\n",
      },
    );
    const envDir = join(dirname(dir), 'env');
    await mkdir(envDir);
    await symlink(join(packageRoot(), 'node_modules'), join(envDir, 'node_modules'));
    await symlink(join(packageRoot(), 'node_modules'), join(dir, 'node_modules'));
    await writeFile(join(dir, '.git', 'info', 'exclude'), '/node_modules\n');
    const judgement = await judgeNested(dir, base, testPatch, envDir);
    expect(judgement.test_run).toMatchObject({ exit_code: 1, report_source: 'junit' });
    expect(judgement.test_run.tests).toEqual({
      'test/a.test.js > s > passes': 'PASSED',
      'test/a.test.js > s > fails': 'FAILED',
    });
  });
});
