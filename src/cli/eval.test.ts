import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { diffOf, makeRepo } from '../harness/fixture-repo.js';
import { runCliForExit } from './test-cli.js';

const buggy = 'def add(a, b):\n    return a - b\n';
const fixed = 'def add(a, b):\n    return a + b\n';
const tests =
  'from calc import add\n\n\ndef test_add():\n    assert add(1, 2) == 3\n\n\n' +
  'def test_zero():\n    assert add(0, 0) == 0\n';
const env = {
  language: 'python',
  test_cmd: 'python3 -m pytest -rA -p no:cacheprovider -o junit_family=xunit1 --junitxml={junit} {tests}',
  log_parser: 'pytest',
};

let root: string;
let repo: string;
let gold: string;
let instancesPath: string;
const id = (n: number) => `acme__calc-${n}`;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'lf-eval-cli-'));
  const made = await makeRepo({ 'calc.py': buggy, 'test_calc.py': tests });
  repo = made.dir;
  gold = await diffOf(repo, { 'calc.py': fixed });
  const instance = (n: number) => ({
    instance_id: id(n),
    repo: 'acme/calc',
    base_commit: made.base,
    patch: gold,
    test_patch: '',
    FAIL_TO_PASS: ['test_calc.py::test_add'],
    PASS_TO_PASS: ['test_calc.py::test_zero'],
    env,
  });
  instancesPath = join(root, 'instances.jsonl');
  await writeFile(instancesPath, [1, 2, 3].map((n) => `${JSON.stringify(instance(n))}\n`).join(''));
});

async function predictionsFile(name: string, lines: string[]): Promise<string> {
  const path = join(root, name);
  await writeFile(path, lines.map((line) => `${line}\n`).join(''));
  return path;
}

const prediction = (n: number, patch: string) =>
  JSON.stringify({ instance_id: id(n), model_name_or_path: 'm', model_patch: patch });

function evalArgs(predictions: string, runId: string, ...more: string[]): string[] {
  return [
    'eval',
    ...['--instances', instancesPath, '--predictions', predictions, '--out', join(root, 'runs')],
    ...['--run-id', runId, '--sandbox', 'local', '--cache', join(root, 'cache')],
    ...['--repo', `acme/calc=${repo}`],
    ...more,
  ];
}

const read = (runId: string, ...path: string[]) => readFileSync(join(root, 'runs', runId, ...path), 'utf8');
const summaryOf = (runId: string) => JSON.parse(read(runId, 'summary.json'));

describe('legofactory eval exit codes and resuming', () => {
  it('exits 0 with a verdict for every submitted instance, and records rejected lines', async () => {
    const predictions = await predictionsFile('ok.jsonl', [
      prediction(1, ''),
      '{"instance_id": "acme__calc-2", "model_patch": ',
      prediction(2, ''),
      JSON.stringify({ instance_id: 'acme__nope-1', model_name_or_path: 'm', model_patch: 'x' }),
    ]);
    const { exitCode, output } = await runCliForExit(...evalArgs(predictions, 'ok'));
    expect(exitCode).toBeUndefined();
    expect(output).not.toMatch(/no verdict/);
    const summary = summaryOf('ok');
    expect(summary).toMatchObject({
      empty_patch_ids: [id(1), id(2)],
      incomplete_ids: [id(3)],
      error_ids: [],
      no_verdict_ids: [],
    });
    expect(summary.rejected_lines).toEqual([
      { file: predictions, line: 2, reason: expect.stringMatching(/^invalid JSON/) },
      { file: predictions, line: 4, reason: 'prediction for unknown instance acme__nope-1; skipped' },
    ]);

    const elsewhere = evalArgs(predictions, 'ok', '--out', relative(process.cwd(), join(root, 'runs')));
    expect((await runCliForExit(...elsewhere)).exitCode).toBeUndefined();
    expect(summaryOf('ok')).toEqual(summary);
  });

  it('refuses a changed flag, and a redo under a mistyped --repo keeps every finished result', async () => {
    const predictions = await predictionsFile('mixed.jsonl', [prediction(1, gold), prediction(2, '')]);
    const first = await runCliForExit(...evalArgs(predictions, 'redo'));
    expect(first.exitCode).toBeUndefined();
    expect(summaryOf('redo')).toMatchObject({ resolved_ids: [id(1)], empty_patch_ids: [id(2)] });
    const files = [
      'eval.jsonl',
      'summary.json',
      'm/acme__calc-1/report.json',
      'm/acme__calc-1/test_output.txt',
    ];
    const before = Object.fromEntries(files.map((file) => [file, read('redo', file)]));
    expect(before['eval.jsonl']?.split('\n')).toHaveLength(3);

    await expect(runCliForExit(...evalArgs(predictions, 'redo', '--timeout', '600'))).rejects.toMatchObject({
      code: 'config_changed',
      message: expect.stringMatching(/\n {2}timeoutMs: 1800000 → 600000\n.*--redo.*--out/s),
    });
    const typo = ['--repo', 'acme/calc=/nonexistent/calc'];
    await expect(runCliForExit(...evalArgs(predictions, 'redo', ...typo))).rejects.toThrow(
      `tasks.repos.acme/calc: ${JSON.stringify(repo)} → "/nonexistent/calc"`,
    );
    for (const file of files) expect(read('redo', file)).toBe(before[file]);

    const redo = await runCliForExit(...evalArgs(predictions, 'redo', ...typo, '--redo'));
    expect(redo.exitCode).toBe(1);
    expect(redo.output).toContain(
      `no verdict for 1 of 2 submitted instances (1 keep a result of earlier settings): ${id(1)}`,
    );
    const summary = summaryOf('redo');
    expect(summary).toMatchObject({
      resolved_ids: [id(1)],
      empty_patch_ids: [id(2)],
      stale_ids: [id(1)],
      no_verdict_ids: [id(1)],
      failures: [{ instance_id: id(1), code: 'repo_unavailable' }],
    });
    for (const file of [files[0]!, ...files.slice(2)]) expect(read('redo', file)).toBe(before[file]);
  });

  it('on SIGINT lists the instances that never started as incomplete and exits 130', async () => {
    const slow = await diffOf(repo, { 'calc.py': `import time\ntime.sleep(30)\n${fixed}` });
    const predictions = await predictionsFile('slow.jsonl', [prediction(1, slow), prediction(2, gold)]);
    const running = runCliForExit(...evalArgs(predictions, 'sigint'));
    const itemsDir = join(root, 'runs', 'sigint', 'items', 'eval');
    while (!existsSync(itemsDir) || readdirSync(itemsDir).length === 0) await sleep(50);
    process.emit('SIGINT');
    const { exitCode } = await running;
    expect(exitCode).toBe(130);
    expect(summaryOf('sigint')).toMatchObject({
      incomplete_ids: [id(1), id(2), id(3)],
      error_ids: [],
      no_verdict_ids: [id(1), id(2)],
    });
  });
});
