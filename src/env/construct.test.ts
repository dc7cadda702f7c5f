import { existsSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeRepo, tempDir } from '../repos/test-repo.js';
import { EnvSpec } from '../schema/env.js';
import { TaskSandboxes, type TaskSandboxOptions } from '../tasks/task-sandboxes.js';
import { constructEnvironment } from './construct.js';
import { ensureLocalEnv } from './local-env.js';
import { constructionsFor, readLedger } from './ledger.js';
import type { RepairRule } from './repair/rule.js';
import { localFixture, tinyPythonRepo } from './test-fixtures.js';

let root: string;
let cache: string;
const salt = `construct-${Date.now()}`;
beforeAll(async () => {
  root = await tempDir('lf-construct-');
  cache = join(root, 'cache');
});
afterAll(() => rm(root, { recursive: true, force: true }));

async function fixture(name: string, files: Record<string, string>, extra: Partial<TaskSandboxOptions> = {}) {
  const { options, instance, repo } = await localFixture(root, name, files, {
    cacheDir: cache,
    runId: 'construct-test',
  });
  return { options: { ...options, ...extra }, instance, repo };
}

/** An `--env` override file whose install is `install` and whose tests are pytest's. */
async function specFile(name: string, install: string[]): Promise<string> {
  const path = join(root, `${name}.yaml`);
  const spec = {
    language: 'python',
    install: ['python3 -m venv venv', ...install],
    test_cmd: 'python -m pytest {tests}',
    log_parser: 'pytest',
  };
  await writeFile(path, stringify(spec));
  return path;
}

async function results(repo: string) {
  return (await readLedger(cache, repo)).flatMap((e) => (e.kind === 'result' ? [e] : []));
}

describe('constructEnvironment through TaskSandboxes', () => {
  it('passes the suite check once; a new process reuses the ready spec without building or checking', async () => {
    const { options, instance, repo } = await fixture('tiny', tinyPythonRepo(salt));
    const first = await new TaskSandboxes(options).open(instance);
    await first.close();
    const entries = await readLedger(cache, repo);
    expect(
      entries.map((e) => (e.kind === 'attempt' ? `${e.phase}:${e.passed}:${e.message}` : e.status)),
    ).toEqual(['check:true:suite: 1 PASSED', 'ready']);
    const notes = entries[0]?.kind === 'attempt' ? (entries[0].notes ?? []) : [];
    expect(notes.filter((note) => note.startsWith('test command: '))).toHaveLength(1);
    const again = await new TaskSandboxes(options).open(instance);
    await again.close();
    expect(again.specId).toBe(first.specId);
    expect(await readLedger(cache, repo)).toHaveLength(2);
  });

  it('a repository with nothing detection recognises: a detect attempt and a failed result', async () => {
    const { options, instance, repo } = await fixture('nothing', { 'README.md': 'just words\n' });
    await expect(new TaskSandboxes(options).open(instance)).rejects.toMatchObject({
      code: 'env_detect_failed',
    });
    const entries = await readLedger(cache, repo);
    expect(entries.map((e) => (e.kind === 'attempt' ? `${e.phase}:${e.passed}` : e.status))).toEqual([
      'detect:false',
      'failed',
    ]);
  });

  it('a repository with no tests: fails the check with no rule to repair it, recorded and explained', async () => {
    const files = { ...tinyPythonRepo(salt), 'tests/test_calc.py': '' };
    const { options, instance, repo } = await fixture('notests', files);
    const opening = new TaskSandboxes(options).open(instance);
    await expect(opening).rejects.toMatchObject({ code: 'env_build_failed' });
    await expect(opening).rejects.toThrow(
      /suite: no tests parsed.*no repair rule recognises.*env explain fixtures\/notests@/s,
    );
    expect((await results(repo)).map((r) => [r.status, r.attempts])).toEqual([['failed', 1]]);
  });

  it('an install that hangs is stopped by the per-attempt timeout', async () => {
    const { options, instance, repo } = await fixture('hangs', tinyPythonRepo(salt));
    const envOverrides = { [repo]: await specFile('hangs', ['sleep 600']) };
    const opening = new TaskSandboxes({ ...options, envOverrides, buildTimeoutMs: 2000 }).open(instance);
    await expect(opening).rejects.toThrow(
      /failed \(timed out\).*no repair rule recognises.*past its time limit/s,
    );
    const [attempt] = await readLedger(cache, repo);
    expect(attempt).toMatchObject({ kind: 'attempt', phase: 'build', passed: false });
  });

  it('a network that is off and an index that has nothing end in a failed build naming the package', async () => {
    const cases = {
      offline:
        'venv/bin/python -m pip install --isolated --retries 1 --index-url http://127.0.0.1:9/simple tinydep',
      empty: `venv/bin/python -m pip install --isolated --no-index --find-links ${join(root, 'no-wheels')} tinydep`,
    };
    const hints = {
      offline: /the package index could not be reached/,
      empty: /the package index has no matching version/,
    };
    await mkdir(join(root, 'no-wheels'), { recursive: true });
    // The tests import tinydep, so unavailable-pin keeps it: a requirement they can do without is dropped.
    const needsTinydep = {
      ...tinyPythonRepo(salt),
      'tests/test_dep.py': 'import tinydep\n\n\ndef test_dep():\n    assert tinydep\n',
    };
    for (const [name, install] of Object.entries(cases)) {
      const { options, instance, repo } = await fixture(name, needsTinydep);
      const envOverrides = { [repo]: await specFile(name, [install]) };
      const opening = new TaskSandboxes({ ...options, envOverrides }).open(instance);
      await expect(opening).rejects.toThrow(
        /first error: ERROR: Could not find a version that satisfies the requirement tinydep/,
      );
      await expect(opening).rejects.toThrow(hints[name as keyof typeof hints]);
      const all = await readLedger(cache, repo);
      expect(constructionsFor(all, instance.instance_id).map((e) => e.kind)).toEqual(['attempt', 'result']);
    }
  });
});

describe('the loop bounds', () => {
  const spec = EnvSpec.parse({
    language: 'python',
    install: ['true'],
    test_cmd: 'pytest',
    log_parser: 'pytest',
  });
  const steps = {
    build: async (tried: EnvSpec) => {
      const repo = join(root, 'bounds');
      if (!existsSync(repo)) await makeRepo(repo, { 'README.md': 'bounds\n' });
      return { spec: tried, specId: '', envDir: await ensureLocalEnv(tried, repo, cache) };
    },
    check: () =>
      Promise.resolve({ passed: false, message: 'suite: no tests parsed', log: 'E   Broken: always' }),
  };
  const base = () => ({
    cacheDir: cache,
    start: spec,
    files: { read: () => Promise.resolve(undefined) },
    steps,
    check: 'suite',
  });
  const growing: RepairRule = {
    summary: 'adds a line each time',
    phases: ['check'],
    match: () => ({ line: 'E   Broken: always', subject: 'x' }),
    edit: (s) => ({ ...s, install: [...s.install, 'true'] }),
  };
  const toggling: RepairRule = {
    ...growing,
    edit: (s) => ({ ...s, install: s.install.length === 1 ? ['true', 'true'] : ['true'] }),
  };

  it('stops after maxAttempts builds', async () => {
    const subject = { repo: 'bounds/growing', commit: 'aaaa0000' };
    await expect(
      constructEnvironment({ ...base(), subject, rules: { growing }, maxAttempts: 3 }),
    ).rejects.toThrow(/after 3 attempt\(s\).*3 attempts tried/);
    expect((await results(subject.repo)).map((r) => r.attempts)).toEqual([3]);
  });

  it('stops when a repair gives back a spec already tried', async () => {
    const subject = { repo: 'bounds/toggling', commit: 'bbbb0000' };
    await expect(constructEnvironment({ ...base(), subject, rules: { toggling } })).rejects.toThrow(
      /after 2 attempt\(s\).*the repair \(toggling\) gives a spec already tried/,
    );
  });
});
