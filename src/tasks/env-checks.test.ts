import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeRepo, removeRepo } from '../harness/fixture-repo.js';
import { tempDir } from '../repos/test-repo.js';
import { providers } from '../sandbox/index.js';
import { EnvSpec } from '../schema/env.js';
import { bareInstance } from './bare-instance.js';
import { suiteCheck } from './env-checks.js';

let repo: string;
let suiteRepo: string;
let logs: string;
const testFile = (ok: boolean) => `def test_it():\n    assert ${ok ? 'True' : 'False'}\n`;
beforeAll(async () => {
  repo = (await makeRepo({ 'README.md': 'x\n' })).dir;
  suiteRepo = (
    await makeRepo({
      'tests/test_a.py': testFile(true),
      'tests/test_b.py': testFile(false),
      'tests/conftest.py': '',
      'tests/helpers.py': '',
      'tests/slow/test_c.py': testFile(true),
      'tests/slow/test_d.py': testFile(true),
    })
  ).dir;
  logs = await tempDir('lf-env-checks-');
});
afterAll(async () => {
  await removeRepo(repo);
  await removeRepo(suiteRepo);
  await rm(logs, { recursive: true, force: true });
});

// The whole suite (no test files named) sleeps past the limit; named files run at once
const slowSuite =
  'lf_t=({tests}); [ ${#lf_t[@]} -gt 0 ] || sleep 30; python3 -m pytest -p no:cacheprovider "${lf_t[@]}"';

function settings(test_cmd: string, timeoutMs: number) {
  const spec = EnvSpec.parse({ language: 'python', test_cmd, log_parser: 'pytest' });
  return {
    spec,
    instance: bareInstance('acme__x-1', 'acme/x', 'HEAD'),
    timeoutMs,
    logPrefix: join(logs, 'check'),
  };
}

const opener = (dir: () => string) => async () => {
  const sandbox = await providers.local({ bubblewrap: 'auto' }).create({ repoDir: dir() });
  return { sandbox, close: () => sandbox.close() };
};
const open = opener(() => repo);

describe('suiteCheck', () => {
  it('checks a suite that outlasts its time limit on a sample of three of its test files', async () => {
    const outcome = await suiteCheck(
      opener(() => suiteRepo),
      settings(slowSuite, 10_000),
    );
    expect(outcome).toMatchObject({ passed: true });
    expect(outcome.message).toBe(
      'suite sample (the whole suite did not finish within 10 s; tests/slow/test_c.py, tests/slow/test_d.py, ' +
        'tests/test_a.py): 3 PASSED',
    );
  });

  it('passes a suite that outlasts its time limit unchecked, saying so, when it has no test file to sample', async () => {
    const outcome = await suiteCheck(open, settings('sleep 30', 1_000));
    expect(outcome).toMatchObject({ passed: true });
    expect(outcome.message).toMatch(/^suite: did not finish within 1 s, so no passing test was seen;/);
  });

  it('fails a suite that finishes without a report', async () => {
    const outcome = await suiteCheck(open, settings('true', 60_000));
    expect(outcome.passed).toBe(false);
    expect(outcome.message).toBe('suite: no tests parsed');
  });
});
