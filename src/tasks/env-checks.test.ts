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
let logs: string;
beforeAll(async () => {
  repo = (await makeRepo({ 'README.md': 'x\n' })).dir;
  logs = await tempDir('lf-env-checks-');
});
afterAll(async () => {
  await removeRepo(repo);
  await rm(logs, { recursive: true, force: true });
});

function settings(test_cmd: string, timeoutMs: number) {
  const spec = EnvSpec.parse({ language: 'python', test_cmd, log_parser: 'pytest' });
  return {
    spec,
    instance: bareInstance('acme__x-1', 'acme/x', 'HEAD'),
    timeoutMs,
    logPrefix: join(logs, 'check'),
  };
}

const open = async () => {
  const sandbox = await providers.local({ bubblewrap: 'auto' }).create({ repoDir: repo });
  return { sandbox, close: () => sandbox.close() };
};

describe('suiteCheck', () => {
  it('passes a suite that outlasts its time limit unchecked, saying so', async () => {
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
