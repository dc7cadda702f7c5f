import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeRepo, tempDir } from '../../../../repos/test-repo.js';
import { runBlock } from '../../../../runner.js';
import type { SynthBug } from '../../../../schema/synth.js';
import { openRunStore } from '../../../../store/run-store.js';
import { hostPytestSpec } from '../../validate/calc-fixes.js';
import { createProbeBlock } from './index.js';

let root: string;
let bug: SynthBug;
beforeAll(async () => {
  root = await tempDir('lf-probe-baseline-');
  const repo = join(root, 'failing');
  const commit = await makeRepo(repo, {
    'calc.py': 'def add(a, b):\n    return a - b\n',
    'tests/test_calc.py': 'from calc import add\n\n\ndef test_add():\n    assert add(2, 3) == 5\n',
  });
  await writeFile(join(root, 'spec.json'), JSON.stringify(hostPytestSpec));
  bug = {
    instance_id: 'acme__failing-1',
    repo: 'acme/failing',
    original_commit: commit,
    base_commit: commit,
    strategy: 'procedural',
    transform: 'swap_operands',
    files: ['calc.py'],
    unit: 'add',
    bug_diff: '',
    patch: '',
    params: {},
    created_at: '2026-01-01T00:00:00.000Z',
    version: 'x',
  };
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe('the probe baseline', () => {
  it('fails with no_passing_tests, not env_build_failed, when no test passes at the original commit', async () => {
    const store = openRunStore(join(root, 'run'));
    try {
      const run = await runBlock(createProbeBlock(), [bug], {
        store,
        config: {
          sandbox: 'local',
          timeoutMs: 120_000,
          tasks: {
            cacheDir: join(root, 'cache'),
            repos: { 'acme/failing': join(root, 'failing') },
            envOverrides: { 'acme/failing': join(root, 'spec.json') },
            runId: 'probe-baseline',
          },
          writer: null,
        },
        progress: 'off',
      });
      expect(run.failures.map((f) => [f.key, f.code])).toEqual([['acme__failing-1', 'no_passing_tests']]);
      expect(run.failures[0]!.message).toMatch(/^no test passes at acme\/failing@[0-9a-f]{40} /);
    } finally {
      store.close();
    }
  });
});
