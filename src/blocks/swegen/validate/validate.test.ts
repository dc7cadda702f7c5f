import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runEval } from '../../eval/run-eval.js';
import { tempDir } from '../../../repos/test-repo.js';
import { TaskInstance } from '../../../schema/instance.js';
import type { Candidate } from '../../../schema/swegen.js';
import { TaskSandboxes } from '../../../tasks/task-sandboxes.js';
import { gitAt } from '../mine/test-history.js';
import { mineRepos } from '../mine/run-mine.js';
import { buildCalcFixes, hostPytestSpec } from './calc-fixes.js';
import { leakProblem } from './leak.js';
import { validateCandidates, type ValidateRunResult } from './run-validate.js';

let root: string;
let source: string;
let shas: Record<string, string>;
let tasks: {
  cacheDir: string;
  repos: Record<string, string>;
  envOverrides: Record<string, string>;
  runId: string;
};
let mined: Candidate[];
let result: ValidateRunResult;

const calcTest = (name: string) => `tests/test_calc.py::${name}`;

/** `swegen validate` in the local sandbox with the fixture's cache, into `root/name` and `root/out`. */
const validateLocally = (candidatesPath: string, name: string, out: string) =>
  validateCandidates({
    candidatesPath,
    outPath: join(root, out),
    runDir: join(root, name),
    sandbox: 'local',
    runs: 3,
    timeoutMs: 120_000,
    tasks,
    workers: 2,
    progress: 'off',
  });

beforeAll(async () => {
  root = await tempDir('lf-validate-test-');
  source = join(root, 'calc');
  shas = await buildCalcFixes(source);
  await gitAt(source, ['tag', 'v1.0', shas['later']!]);
  await gitAt(source, ['branch', 'feature', shas['later']!]);
  await writeFile(join(root, 'spec.json'), JSON.stringify(hostPytestSpec));
  await writeFile(
    join(root, 'broken.json'),
    JSON.stringify({ ...hostPytestSpec, install: ['echo cannot build; exit 3'] }),
  );
  tasks = {
    cacheDir: join(root, 'cache'),
    repos: { 'acme/calc': source, 'acme/broken': source },
    envOverrides: { 'acme/calc': join(root, 'spec.json'), 'acme/broken': join(root, 'broken.json') },
    runId: 'validate-test',
  };
  const mine = await mineRepos({
    repos: { 'acme/calc': source },
    outPath: join(root, 'mined.jsonl'),
    runDir: join(root, 'mine'),
    cacheDir: tasks.cacheDir,
    envOverrides: tasks.envOverrides,
    progress: 'off',
  });
  mined = mine.candidates;
  const [fixAdd, , addSub] = mined;
  const extra = [
    { ...fixAdd, instance_id: 'acme__calc-corrupt', patch: fixAdd!.patch.replaceAll('calc.py', 'absent.py') },
    { ...fixAdd, instance_id: 'acme__calc-ghost', base_commit: 'deadbeef'.repeat(5) },
    { ...fixAdd, repo: 'acme/broken', instance_id: 'acme__broken-1' },
    { ...addSub, repo: 'acme/broken', instance_id: 'acme__broken-2' },
    { ...fixAdd, problem_statement: 'the same id again' },
  ];
  const candidatesPath = join(root, 'candidates.jsonl');
  await writeFile(candidatesPath, [...mined, ...extra].map((c) => `${JSON.stringify(c)}\n`).join(''));
  result = await validateLocally(candidatesPath, 'validate', 'instances.jsonl');
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe('swegen validate (local sandbox)', () => {
  it('mines the four fixes of the fixture', () => {
    expect(mined.map((c) => c.source?.['commit'])).toEqual([
      shas['fixAdd'],
      shas['refactor'],
      shas['addSub'],
      shas['breakMul'],
    ]);
  });

  it('keeps exactly the proven fixes, with exact FAIL_TO_PASS and PASS_TO_PASS lists', () => {
    const verdicts = Object.fromEntries(
      result.records.map((r) => [
        r.instance_id,
        [r.status, r.reason ?? '', r.FAIL_TO_PASS, r.PASS_TO_PASS, r.flaky, r.pass_to_fail],
      ]),
    );
    const [fixAdd, refactor, addSub, breakMul] = mined.map((c) => c.instance_id);
    expect(verdicts).toEqual({
      [fixAdd!]: ['kept', '', [calcTest('test_add')], [calcTest('test_mul')], [], []],
      [refactor!]: [
        'rejected',
        'no_fail_to_pass',
        [],
        [calcTest('test_add'), calcTest('test_mul'), calcTest('test_mul_zero')],
        [],
        [],
      ],
      [addSub!]: ['kept', '', ['tests/test_sub.py::test_sub'], [], ['tests/test_flaky.py::test_flaky'], []],
      [breakMul!]: [
        'rejected',
        'pass_to_fail',
        [calcTest('test_div')],
        [calcTest('test_add')],
        [],
        [calcTest('test_mul'), calcTest('test_mul_zero')],
      ],
      'acme__calc-corrupt': ['rejected', 'patch_failed', [], [], [], []],
      'acme__calc-ghost': ['rejected', 'checkout_failed', [], [], [], []],
      'acme__broken-1': ['rejected', 'env_build_failed', [], [], [], []],
      'acme__broken-2': ['rejected', 'env_build_failed', [], [], [], []],
    });
    const kept = result.records.find((r) => r.instance_id === fixAdd)!;
    expect(kept.runs.nop).toHaveLength(3);
    expect(kept.runs.oracle).toHaveLength(3);
    expect(kept.env_id).toBe(mined[0]!.version);
  });

  it('emits only instances the gold eval gate resolved, and none an empty patch resolves', async () => {
    expect(result.gate?.summary).toMatchObject({ total_instances: 2, resolved_instances: 2 });
    const lines = (await readFile(result.outPath, 'utf8')).trim().split('\n');
    const instances = lines.map((line) => TaskInstance.parse(JSON.parse(line)));
    expect(instances.map((i) => [i.instance_id, i.FAIL_TO_PASS, i.base_commit])).toEqual([
      [mined[0]!.instance_id, [calcTest('test_add')], shas['root']],
      [mined[2]!.instance_id, ['tests/test_sub.py::test_sub'], shas['refactor']],
    ]);
    const empty = await runEval({
      instancesPath: result.outPath,
      predictions: 'empty',
      outDir: join(root, 'eval'),
      runId: 'empty',
      sandbox: 'local',
      timeoutMs: 120_000,
      scope: 'test_files',
      tasks,
      progress: 'off',
    });
    expect(empty.summary).toMatchObject({ total_instances: 2, resolved_instances: 0 });
  });

  it('writes a yield ledger that records the broken environment once', async () => {
    const { ledger } = result;
    expect(ledger.stages.map(({ stage, input, output, failed }) => [stage, input, output, failed])).toEqual([
      ['validate', 9, 2, 0],
      ['gate', 2, 2, 0],
    ]);
    expect(ledger.rejections.map((r) => [r.reason, r.count])).toEqual([
      ['env_build_failed', 2],
      ['checkout_failed', 1],
      ['duplicate_id', 1],
      ['no_fail_to_pass', 1],
      ['pass_to_fail', 1],
      ['patch_failed', 1],
    ]);
    expect(ledger.flaky).toEqual({ tests: 1, instances: 1 });
    expect(ledger.env_failures).toHaveLength(1);
    expect(ledger.env_failures[0]).toMatchObject({ candidates: 2 });
    expect(ledger.env_failures[0]!.message).toContain('cannot build');
    const buildLog = await readFile(
      join(tasks.cacheDir, 'logs', `env-${ledger.env_failures[0]!.env}-local.log`),
      'utf8',
    );
    expect(buildLog.match(/^== building/gm)).toHaveLength(1);
    expect(ledger.test_ms).toBeGreaterThan(0);
    expect(ledger.item_ms).toBeGreaterThan(ledger.test_ms);
    const summary = JSON.parse(await readFile(join(result.runDir, 'summary.json'), 'utf8'));
    expect(summary.ledger).toEqual(JSON.parse(JSON.stringify(ledger)));
    expect(summary.duplicates).toEqual([mined[0]!.instance_id]);
  });

  it('times each step outside the test commands per candidate', () => {
    const steps = (id: string) =>
      Object.keys(result.records.find((r) => r.instance_id === id)!.timing.phases!);
    const opened = ['checkout', 'detect', 'env', 'sandbox'];
    expect(steps(mined[0]!.instance_id).sort()).toEqual([...opened, 'close', 'judge', 'leak'].sort());
    expect(steps('acme__calc-ghost')).toEqual(['checkout']);
    expect(steps('acme__broken-1')).toEqual(['checkout', 'detect', 'env']);
  });

  it('validates again with the same cache building nothing: same verdicts, no new env attempt', async () => {
    const attempts = async () => {
      const ledger = await readFile(join(tasks.cacheDir, 'env-ledger', 'acme+calc.jsonl'), 'utf8');
      return ledger.split('\n').filter((line) => line.includes('"kind":"attempt"')).length;
    };
    const envId = result.records.find((r) => r.status === 'kept')!.env_id!;
    const builds = async () =>
      (await readFile(join(tasks.cacheDir, 'logs', `env-${envId}-local.log`), 'utf8')).match(/^== building/gm)
        ?.length;
    const before = [await attempts(), await builds()];
    expect(before).toEqual([1, 1]);
    const again = await validateLocally(join(root, 'mined.jsonl'), 'validate-again', 'again.jsonl');
    const lists = (r: ValidateRunResult['records'][number]) => [
      r.instance_id,
      r.status,
      r.FAIL_TO_PASS,
      r.PASS_TO_PASS,
    ];
    expect(again.records.map(lists)).toEqual(
      result.records.filter((r) => mined.some((c) => c.instance_id === r.instance_id)).map(lists),
    );
    expect([await attempts(), await builds()]).toEqual(before);
  });

  it('gives every task workspace nothing from the future: git log --all ends at the base commit', async () => {
    const sandboxes = new TaskSandboxes({ ...tasks, provider: 'local' });
    const task = await sandboxes.open(mined[1]!);
    try {
      const run = async (command: string) => (await task.sandbox.exec(command)).output.trim();
      expect((await run('git log --all --format=%H')).split('\n')).toEqual([shas['fixAdd'], shas['root']]);
      expect(await run('git tag; git remote; git reflog; git stash list')).toBe('');
      expect(await run('git for-each-ref')).toBe('');
      expect(await run(`git cat-file -t ${shas['refactor']} 2>&1 || true`)).toContain(
        'could not get object info',
      );
      expect(await leakProblem(task.sandbox, shas['refactor'])).toBeNull();
      await run('git tag v9 && git update-ref refs/remotes/origin/main HEAD');
      expect(await leakProblem(task.sandbox, shas['refactor'])).toBe(
        'the workspace shows refs beyond the base commit',
      );
    } finally {
      await task.close();
    }
  });
});
