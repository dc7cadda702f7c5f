import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Docker from 'dockerode';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildExamples } from '../../examples/build.js';
import { hostPipIndexes } from '../../env/pip-options.js';
import type { TaskInstance } from '../../schema/instance.js';
import { runEval, type EvalRunOptions } from './run-eval.js';

let root: string;
let examples: Awaited<ReturnType<typeof buildExamples>>;
let base: Omit<EvalRunOptions, 'predictions' | 'runId'>;

/** A patch against an example repo: the instance's base commit with `edits` (path → content) made. */
async function patchWith(instance: TaskInstance, edits: (repo: string) => Promise<void>): Promise<string> {
  const source = examples.repos.find((r) => r.repo === instance.repo)!.path;
  const scratch = await mkdtemp(join(root, 'scratch-'));
  await execa('git', ['clone', '-q', source, scratch]);
  await execa('git', ['checkout', '-q', instance.base_commit], { cwd: scratch });
  await edits(scratch);
  await execa('git', ['add', '-A'], { cwd: scratch });
  return (await execa('git', ['diff', '--cached', '--binary', 'HEAD'], { cwd: scratch })).stdout + '\n';
}

async function applyGold(instance: TaskInstance, repo: string): Promise<void> {
  await writeFile(join(repo, 'gold.diff'), instance.patch);
  await execa('git', ['apply', 'gold.diff'], { cwd: repo });
  await execa('rm', ['gold.diff'], { cwd: repo });
}

const byId = (id: string) => examples.instances.find((i) => i.instance_id.endsWith(id))!;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'lf-eval-'));
  examples = await buildExamples(join(root, 'examples'));
  base = {
    instancesPath: examples.instancesPath,
    outDir: join(root, 'runs'),
    sandbox: 'local',
    timeoutMs: 60_000,
    scope: 'test_files',
    workers: 2,
    progress: 'off',
    tasks: {
      cacheDir: join(root, 'cache'),
      repos: Object.fromEntries(examples.repos.map((r) => [r.repo, r.path])),
      envOverrides: {},
      runId: 'eval-test',
      pip: await hostPipIndexes(),
    },
  };
});

describe('legofactory eval on the example instances', () => {
  it('resolves every gold patch in docker, resolves no empty one, and writes SWE-bench files', async () => {
    const gold = await runEval({ ...base, sandbox: 'docker', predictions: 'gold', runId: 'gold' });
    expect(gold.summary).toMatchObject({ total_instances: 5, resolved_instances: 5, error_instances: 0 });
    const dir = join(gold.runDir, 'gold', 'legofactory-examples__textkit-1');
    const report = JSON.parse(await readFile(join(dir, 'report.json'), 'utf8'));
    expect(Object.keys(report['legofactory-examples__textkit-1']).sort()).toEqual([
      'patch_exists',
      'patch_is_None',
      'patch_successfully_applied',
      'resolved',
      'tests_status',
    ]);
    expect(report['legofactory-examples__textkit-1'].tests_status.FAIL_TO_PASS.success).toHaveLength(2);
    expect(await readFile(join(dir, 'patch.diff'), 'utf8')).toBe(byId('textkit-1').patch);
    expect(await readFile(join(dir, 'test_output.txt'), 'utf8')).toContain('4 passed');
    const summary = JSON.parse(await readFile(join(gold.runDir, 'summary.json'), 'utf8'));
    expect(summary.schema_version).toBe(2);
    expect(summary.resolved_ids).toHaveLength(5);

    const empty = await runEval({ ...base, sandbox: 'docker', predictions: 'empty', runId: 'empty' });
    expect(empty.summary).toMatchObject({
      resolved_instances: 0,
      unresolved_instances: 5,
      error_instances: 0,
    });
  });

  it('records a status for each bad prediction and keeps going', async () => {
    const mathkit1 = byId('mathkit-1');
    const withBinary = await patchWith(mathkit1, async (repo) => {
      await applyGold(mathkit1, repo);
      await writeFile(join(repo, 'logo.bin'), Buffer.from([0, 255, 1, 254, 0, 0, 7]));
    });
    const hanging = await patchWith(byId('mathkit-3'), async (repo) => {
      const stats = join(repo, 'src/mathkit/stats.py');
      await writeFile(
        stats,
        (await readFile(stats, 'utf8')).replace('return sum(xs)', 'while True: pass\n    return sum(xs)'),
      );
    });
    const garbled = byId('mathkit-2').patch.replaceAll('re.sub', 'no.such.context');
    const model = 'bad-inputs';
    const lines = [
      JSON.stringify({
        instance_id: mathkit1.instance_id,
        model_name_or_path: model,
        model_patch: withBinary,
      }),
      '{"instance_id": "legofactory-examples__mathkit-2", "model_patch": ',
      JSON.stringify({
        instance_id: byId('mathkit-2').instance_id,
        model_name_or_path: model,
        model_patch: garbled,
      }),
      JSON.stringify({
        instance_id: byId('mathkit-3').instance_id,
        model_name_or_path: model,
        model_patch: hanging,
      }),
      JSON.stringify({
        instance_id: byId('textkit-1').instance_id,
        model_name_or_path: model,
        model_patch: '',
      }),
      JSON.stringify({ instance_id: 'acme__nope-1', model_name_or_path: model, model_patch: 'x' }),
    ];
    const predictions = join(root, 'bad.jsonl');
    await writeFile(predictions, lines.join('\n') + '\n');
    const options = { ...base, predictions, runId: 'bad', timeoutMs: 8_000 };
    const result = await runEval(options);
    const statuses = Object.fromEntries(result.reports.map((r) => [r.instance_id.split('__')[1], r.status]));
    expect(statuses).toEqual({
      'mathkit-1': 'resolved',
      'mathkit-2': 'patch_failed',
      'mathkit-3': 'timeout',
      'textkit-1': 'empty_patch',
    });
    expect(result.problems).toHaveLength(2);
    expect(result.problems[0]).toContain(`${predictions}:2`);
    expect(result.problems[1]).toContain('unknown instance acme__nope-1');
    expect(result.summary).toMatchObject({
      total_instances: 5,
      submitted_instances: 4,
      resolved_ids: [mathkit1.instance_id],
      empty_patch_ids: [byId('textkit-1').instance_id],
      error_ids: [byId('mathkit-2').instance_id, byId('mathkit-3').instance_id],
      incomplete_ids: [byId('textkit-2').instance_id],
    });

    const resumed = await runEval(options);
    expect(resumed.run).toMatchObject({ skipped: 4, done: 0, failed: 0 });
    expect(resumed.summary).toEqual(result.summary);
  });

  it('removes its containers when interrupted, and records the interrupted item for the next run', async () => {
    const hanging = await patchWith(byId('mathkit-3'), async (repo) => {
      const stats = join(repo, 'src/mathkit/stats.py');
      await writeFile(
        stats,
        (await readFile(stats, 'utf8')).replace('return sum(xs)', 'while True: pass\n    return sum(xs)'),
      );
    });
    const predictions = join(root, 'hang.jsonl');
    await writeFile(
      predictions,
      JSON.stringify({
        instance_id: byId('mathkit-3').instance_id,
        model_name_or_path: 'hang',
        model_patch: hanging,
      }) + '\n',
    );
    const controller = new AbortController();
    const runId = `interrupt-${Date.now()}`;
    const tasks = { ...base.tasks, runId };
    const running = runEval({
      ...base,
      sandbox: 'docker',
      tasks,
      predictions,
      runId,
      signal: controller.signal,
    });
    const docker = new Docker();
    const labelled = () =>
      docker.listContainers({ all: true, filters: { label: [`legofactory.run=${runId}`] } });
    const runningPytest = async () => {
      const [info] = await labelled();
      if (!info) return false;
      const top = (await docker
        .getContainer(info.Id)
        .top()
        .catch(() => ({ Processes: [] }))) as {
        Processes: string[][];
      };
      return top.Processes.some((row) => row.join(' ').includes('pytest'));
    };
    await expect.poll(runningPytest, { timeout: 30_000, interval: 200 }).toBe(true);
    const abortedAt = Date.now();
    controller.abort();
    const result = await running;
    expect(Date.now() - abortedAt).toBeLessThan(15_000);
    expect(result.run).toMatchObject({ interrupted: true, done: 0, failed: 1 });
    expect(result.run.failures[0]?.code).toBe('interrupted');
    expect(await labelled()).toEqual([]);
  });

  it('truncates more than 100 MB of non-UTF-8 test output, records the cut, and still grades', async () => {
    const instance = byId('mathkit-1');
    const noisy = await patchWith(instance, async (repo) => {
      await applyGold(instance, repo);
      const stats = join(repo, 'src/mathkit/stats.py');
      const noise =
        '    if len(xs) == 4:\n        import sys\n        sys.stdout.buffer.write(b"\\xff\\xfe noise " * 10_500_000)\n';
      await writeFile(
        stats,
        (await readFile(stats, 'utf8')).replace('def median(xs):\n', `def median(xs):\n${noise}`),
      );
    });
    const predictions = join(root, 'noisy.json');
    await writeFile(
      predictions,
      JSON.stringify({ [instance.instance_id]: { model_name_or_path: 'noisy', model_patch: noisy } }),
    );
    const result = await runEval({ ...base, predictions, runId: 'noisy' });
    expect(result.reports.map((r) => r.status)).toEqual(['resolved']);
    const output = await readFile(
      join(result.runDir, 'noisy', instance.instance_id, 'test_output.txt'),
      'utf8',
    );
    expect(output).toMatch(/\[\.\.\. \d+ bytes truncated \.\.\.\]/);
    expect(output.length).toBeLessThan(70 * 1024 * 1024);
  });
});

describe('legofactory eval on a patch that changes test infrastructure', () => {
  it('flags it in eval.jsonl, and reverts it before the tests with protectTestInfra', async () => {
    const instance = byId('mathkit-1');
    const forged = await patchWith(instance, async (repo) => {
      const hook =
        'import pytest\n\n\n@pytest.hookimpl(hookwrapper=True)\ndef pytest_runtest_makereport(item, call):\n' +
        '    outcome = yield\n    outcome.get_result().outcome = "passed"\n';
      await writeFile(join(repo, 'conftest.py'), hook);
    });
    const predictions = join(root, 'forged.jsonl');
    await writeFile(
      predictions,
      `${JSON.stringify({ instance_id: instance.instance_id, model_name_or_path: 'forged', model_patch: forged })}\n`,
    );
    const plain = await runEval({ ...base, predictions, runId: 'forged' });
    expect(plain.reports).toMatchObject([{ status: 'resolved', touches_test_infra: ['conftest.py'] }]);
    const protectedRun = await runEval({
      ...base,
      predictions,
      runId: 'forged-protected',
      protectTestInfra: true,
    });
    expect(protectedRun.reports).toMatchObject([
      { status: 'unresolved', touches_test_infra: ['conftest.py'] },
    ]);
  });
});

describe('legofactory eval without a Docker daemon', () => {
  it('stops before any work and says how to start one or use the local sandbox', async () => {
    const previous = process.env['DOCKER_HOST'];
    process.env['DOCKER_HOST'] = 'unix:///nonexistent/docker.sock';
    try {
      await expect(
        runEval({ ...base, sandbox: 'docker', predictions: 'gold', runId: 'no-daemon' }),
      ).rejects.toMatchObject({
        code: 'sandbox_unavailable',
        message: expect.stringMatching(/sudo dockerd.*--sandbox local/s),
      });
    } finally {
      if (previous === undefined) delete process.env['DOCKER_HOST'];
      else process.env['DOCKER_HOST'] = previous;
    }
  });
});
