import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { providers } from '../sandbox/index.js';
import type { Sandbox } from '../sandbox/sandbox.js';
import { EnvSpec } from '../schema/env.js';
import { TaskInstance } from '../schema/instance.js';
import { diffOf, makeRepo, removeRepo } from './fixture-repo.js';
import { judge, type JudgeInput } from './run.js';

const buggyCalc = 'def add(a, b):\n    return a - b\n\n\ndef mul(a, b):\n    return a * b\n';
const baseTests =
  'from calc import add, mul\n\n\ndef test_mul():\n    assert mul(2, 3) == 6\n\n\ndef test_add_zero():\n    assert add(0, 0) == 0\n';
const baseFiles = {
  'calc.py': buggyCalc,
  'conftest.py': '',
  'tests/test_calc.py': baseTests,
  'tests/test_other.py': 'def test_unrelated_failure():\n    assert False\n',
};
const fixedCalc = buggyCalc.replace('a - b', 'a + b');
const testChanges = {
  'tests/test_calc.py': `${baseTests}\n\ndef test_add():\n    assert add(2, 3) == 5\n`,
  'tests/test_new.py': 'from calc import add\n\n\ndef test_add_neg():\n    assert add(-1, -2) == -3\n',
  'tests/data.json': '{}\n',
};
/** A test patch whose removed line is not in the file: no method can apply it. */
const staleTestPatch = [
  'diff --git a/tests/test_calc.py b/tests/test_calc.py',
  '--- a/tests/test_calc.py',
  '+++ b/tests/test_calc.py',
  '@@ -1 +1 @@',
  '-from nowhere import add',
  '+from calc import add',
  '',
].join('\n');
const F2P = ['tests/test_calc.py::test_add', 'tests/test_new.py::test_add_neg'];
const P2P = ['tests/test_calc.py::test_mul', 'tests/test_calc.py::test_add_zero'];
const junitCmd =
  'python3 -m pytest -rA -p no:cacheprovider -o junit_family=xunit1 --junitxml={junit} {tests}';
const pytestSpec = EnvSpec.parse({ language: 'python', test_cmd: junitCmd, log_parser: 'pytest' });

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** A fresh repo at base with the instance's patches made from `modelChanges`, and a local sandbox on it. */
async function setUp(modelChanges: Record<string, string | null>, overrides: Partial<JudgeInput> = {}) {
  const { dir, base } = await makeRepo(baseFiles);
  const patch = Object.keys(modelChanges).length === 0 ? '' : await diffOf(dir, modelChanges);
  const instance = TaskInstance.parse({
    instance_id: 'demo__calc-1',
    repo: 'demo/calc',
    base_commit: base,
    patch: await diffOf(dir, { 'calc.py': fixedCalc }),
    test_patch: await diffOf(dir, testChanges),
    FAIL_TO_PASS: F2P,
    PASS_TO_PASS: P2P,
  });
  const sandbox: Sandbox = await providers.local({ bubblewrap: 'auto' }).create({ repoDir: dir });
  cleanups.push(
    () => sandbox.close(),
    () => removeRepo(dir),
  );
  const input: JudgeInput = { sandbox, instance, spec: pytestSpec, patch, timeoutMs: 60_000, ...overrides };
  return { dir, input };
}

describe('judge on a tiny pytest repository', () => {
  it('resolves the gold patch, reading the judge plugin’s report', async () => {
    const { dir, input } = await setUp({ 'calc.py': fixedCalc }, { logPath: '' });
    input.logPath = join(dir, '..', 'logs', 'test_output.txt');
    const judgement = await judge(input);
    expect(judgement).toMatchObject({
      status: 'resolved',
      apply: { applied: true, method: 'git apply --verbose --binary' },
      resolution: 'FULL',
      resolved: true,
      tests_status: {
        FAIL_TO_PASS: { success: F2P, failure: [] },
        PASS_TO_PASS: { success: P2P, failure: [] },
      },
    });
    expect(judgement.test_run).toMatchObject({
      exit_code: 0,
      timed_out: false,
      parser: 'pytest-plugin',
      report_source: 'pytest-plugin',
      log_path: input.logPath,
    });
    expect(judgement.test_run.tests).toEqual({
      'tests/test_calc.py::test_mul': 'PASSED',
      'tests/test_calc.py::test_add_zero': 'PASSED',
      'tests/test_calc.py::test_add': 'PASSED',
      'tests/test_new.py::test_add_neg': 'PASSED',
    });
    expect(await readFile(input.logPath, 'utf8')).toContain('PASSED tests/test_new.py::test_add_neg');
    expect(judgement.touches_test_infra).toEqual([]);
    expect(judgement.junit_path).toMatch(/\/\.git\/lf-harness\/judge-[0-9a-f]{24}\/runner-report$/);
  });

  it('judges an empty patch as a NOP run: the FAIL_TO_PASS tests fail', async () => {
    const { input } = await setUp({});
    const judgement = await judge(input);
    expect(judgement).toMatchObject({
      status: 'unresolved',
      apply: { applied: true, method: null },
      resolution: 'NO',
    });
    expect(judgement.tests_status?.FAIL_TO_PASS).toEqual({ success: [], failure: F2P });
    expect(judgement.message).toBe(
      `FAIL_TO_PASS 0/2 pass, PASS_TO_PASS 2/2 pass; failing: ${F2P.join(', ')}`,
    );
  });

  it('with resetWorkdir, judges again in the same sandbox from HEAD, in one round trip before the tests', async () => {
    const { dir, input } = await setUp({ 'calc.py': fixedCalc });
    const commands: string[] = [];
    const exec = input.sandbox.exec.bind(input.sandbox);
    input.sandbox.exec = (command, options) => {
      commands.push(command);
      return exec(command, options);
    };
    expect(await judge({ ...input, resetWorkdir: true })).toMatchObject({ status: 'resolved' });
    expect(commands).toHaveLength(2);
    await writeFile(join(dir, 'left-behind.py'), 'raise SystemExit(1)\n');
    commands.length = 0;
    const nop = await judge({ ...input, patch: '', resetWorkdir: true });
    expect(nop).toMatchObject({ status: 'unresolved', apply: { applied: true, method: null } });
    expect(nop.tests_status?.FAIL_TO_PASS).toEqual({ success: [], failure: F2P });
    expect(commands).toHaveLength(2);
    await expect(readFile(join(dir, 'left-behind.py'))).rejects.toThrow('ENOENT');
    expect(await readFile(join(dir, 'calc.py'), 'utf8')).toBe(buggyCalc);
  });

  it('grades a patch that fixes some FAIL_TO_PASS tests as PARTIAL, not resolved', async () => {
    const { input } = await setUp({ 'calc.py': buggyCalc.replace('a - b', 'abs(a) + abs(b)') });
    const judgement = await judge(input);
    expect(judgement).toMatchObject({ status: 'unresolved', resolution: 'PARTIAL', resolved: false });
    expect(judgement.tests_status?.FAIL_TO_PASS).toEqual({ success: [F2P[0]], failure: [F2P[1]] });
  });

  it('undoes the patch’s own edits to test files before applying test_patch', async () => {
    const cheat = `${baseTests}\n\ndef test_add():\n    assert True\n`;
    const { input } = await setUp({
      'tests/test_calc.py': cheat,
      'tests/test_new.py': 'def test_add_neg():\n    pass\n',
    });
    const judgement = await judge(input);
    expect(judgement).toMatchObject({ status: 'unresolved', apply: { applied: true } });
    expect(judgement.tests_status?.FAIL_TO_PASS.failure).toEqual(F2P);
  });

  it('reports patch_failed, naming the three methods, when the patch applies nowhere', async () => {
    const { input } = await setUp({ 'calc.py': fixedCalc });
    input.patch = input.patch.replace('-    return a - b', '-    return a ^ b');
    const judgement = await judge(input);
    expect(judgement).toMatchObject({
      status: 'patch_failed',
      apply: { applied: false, method: null },
      resolved: false,
    });
    expect(judgement.message).toMatch(
      /^the patch did not apply with git apply --verbose --binary, git apply --verbose --binary --reject, patch --batch --fuzz=5 -p1 -i: error: /,
    );
    expect(judgement.test_run).toMatchObject({ tests: {}, parser: 'none' });
  });

  it('reports timeout when the tests hang', async () => {
    const hanging = buggyCalc.replace('    return a - b', '    import time\n    time.sleep(600)');
    const { input } = await setUp({ 'calc.py': hanging }, { timeoutMs: 3_000 });
    const judgement = await judge(input);
    expect(judgement).toMatchObject({
      status: 'timeout',
      resolution: 'NO',
      resolved: false,
      message: 'the tests did not finish within 3 s',
    });
    expect(judgement.test_run.timed_out).toBe(true);
  });

  it('reports invalid when pytest exits non-zero on a collection error without a failing test', async () => {
    const { input } = await setUp({ 'calc.py': 'def add(a, b) return a + b\n' });
    const judgement = await judge(input);
    expect(judgement).toMatchObject({
      status: 'invalid',
      message: 'tests exited 2 but no failure was parsed; check test_output.txt / collection errors',
      resolved: false,
    });
    expect(judgement.test_run).toMatchObject({ exit_code: 2, tests: {} });
  });

  it('reports error, not the patch’s fault, when test_patch does not apply', async () => {
    const { input } = await setUp({ 'calc.py': fixedCalc });
    input.instance = { ...input.instance, test_patch: staleTestPatch };
    const judgement = await judge(input);
    expect(judgement).toMatchObject({
      status: 'error',
      apply: { applied: true, method: 'git apply --verbose --binary' },
    });
    expect(judgement.message).toMatch(/^test_patch did not apply with git apply/);
  });

  it('runs the whole suite with scope "all", reading the plugin’s report without {junit}', async () => {
    const spec = EnvSpec.parse({
      ...pytestSpec,
      test_cmd: 'python3 -m pytest -rA -p no:cacheprovider {tests}',
    });
    const { input } = await setUp({ 'calc.py': fixedCalc }, { scope: 'all', spec });
    const judgement = await judge(input);
    expect(judgement).toMatchObject({
      status: 'resolved',
      test_run: { parser: 'pytest-plugin', report_source: 'pytest-plugin', exit_code: 1 },
    });
    expect(judgement.test_run.tests['tests/test_other.py::test_unrelated_failure']).toBe('FAILED');
    expect(Object.keys(judgement.test_run.tests)).toHaveLength(5);
    expect(judgement.junit_path).toBeUndefined();
  });

  it('reads the output with the log parser only for a command with no structured report', async () => {
    const runner = 'import sys\nprint("PASSED tests/test_calc.py::test_add")\nsys.exit(1)\n';
    const spec = EnvSpec.parse({ ...pytestSpec, test_cmd: 'python3 run_tests.py {tests}' });
    const { input } = await setUp({ 'calc.py': fixedCalc, 'run_tests.py': runner }, { spec });
    const judgement = await judge(input);
    expect(judgement.test_run).toMatchObject({ parser: 'pytest', report_source: 'text:pytest' });
    expect(judgement.test_run.tests).toEqual({ 'tests/test_calc.py::test_add': 'PASSED' });
    expect(judgement).toMatchObject({
      status: 'invalid',
      message: 'tests exited 1 but no failure was parsed; check test_output.txt / collection errors',
    });
  });
});
