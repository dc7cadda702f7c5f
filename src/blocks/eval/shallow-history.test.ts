import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildExamples } from '../../examples/build.js';
import { hostPipIndexes } from '../../env/pip-options.js';
import type { HistoryMode } from '../../repos/history.js';
import type { TaskInstance } from '../../schema/instance.js';
import { mirrorPath } from '../../repos/mirror.js';
import { gitIn } from '../../repos/test-repo.js';
import { blobAt, deleteLooseObject } from '../../repos/testing/lacking-objects.js';
import { runPaths } from '../../store/paths.js';
import { runEval, type EvalRunOptions } from './run-eval.js';

let root: string;
let instance: TaskInstance;
let base: Omit<EvalRunOptions, 'predictions' | 'runId'>;

/** The instance's gold patch plus a conftest.py that passes every test: test infrastructure to revert. */
async function forgedPatch(source: string): Promise<string> {
  const scratch = await mkdtemp(join(root, 'scratch-'));
  await execa('git', ['clone', '-q', source, scratch]);
  await execa('git', ['checkout', '-q', instance.base_commit], { cwd: scratch });
  const hook =
    'import pytest\n\n\n@pytest.hookimpl(hookwrapper=True)\ndef pytest_runtest_makereport(item, call):\n' +
    '    outcome = yield\n    outcome.get_result().outcome = "passed"\n';
  await writeFile(join(scratch, 'conftest.py'), hook);
  await execa('git', ['add', '-A'], { cwd: scratch });
  return (await execa('git', ['diff', '--cached', '--binary', 'HEAD'], { cwd: scratch })).stdout + '\n';
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'lf-eval-shallow-'));
  const examples = await buildExamples(join(root, 'examples'));
  instance = examples.instances.find((i) =>
    i.FAIL_TO_PASS.includes('tests/test_stats.py::test_mean_empty_raises_value_error'),
  )!;
  const instancesPath = join(root, 'instances.jsonl');
  await writeFile(instancesPath, `${JSON.stringify(instance)}\n`);
  base = {
    instancesPath,
    outDir: join(root, 'runs'),
    sandbox: 'local',
    timeoutMs: 60_000,
    scope: 'test_files',
    workers: 1,
    progress: 'off',
    tasks: {
      cacheDir: join(root, 'cache'),
      repos: Object.fromEntries(examples.repos.map((r) => [r.repo, r.path])),
      envOverrides: {},
      runId: 'eval-shallow-test',
      pip: await hostPipIndexes(),
    },
  };
});

async function verdicts(history: HistoryMode, predictions: string, protectTestInfra = false, tag = '') {
  const runId = `${history}-${predictions === 'gold' ? 'gold' : 'forged'}${tag}`;
  const { reports, runDir } = await runEval({
    ...base,
    tasks: { ...base.tasks, history },
    predictions,
    runId,
    protectTestInfra,
  });
  const log = await readFile(
    runPaths.log(runDir, 'eval', `${reports[0]!.model_name_or_path}/${instance.instance_id}`),
    'utf8',
  );
  const { status, resolved, tests_status, touches_test_infra, patch_successfully_applied } = reports[0]!;
  return { report: { status, resolved, tests_status, touches_test_infra, patch_successfully_applied }, log };
}

describe('the judge on a shallow checkout', () => {
  it('gives the same verdicts as on a full one, and the item log says which checkout was used', async () => {
    const short = instance.base_commit.slice(0, 12);
    const full = await verdicts('full', 'gold');
    const shallow = await verdicts('shallow', 'gold');
    expect(full.report).toMatchObject({ status: 'resolved', resolved: true });
    expect(shallow.report).toEqual(full.report);
    expect(full.log).toContain(`checkout ${instance.repo}@${short}: full history\n`);
    expect(shallow.log).toContain(
      `checkout ${instance.repo}@${short}: shallow, the base commit alone (--history shallow)\n`,
    );

    const predictions = join(root, 'forged.jsonl');
    const source = base.tasks.repos[instance.repo]!;
    const patch = await forgedPatch(source);
    await writeFile(
      predictions,
      `${JSON.stringify({ instance_id: instance.instance_id, model_name_or_path: 'forged', model_patch: patch })}\n`,
    );
    const forgedFull = await verdicts('full', predictions, true);
    const forgedShallow = await verdicts('shallow', predictions, true);
    expect(forgedFull.report).toMatchObject({ status: 'unresolved', touches_test_infra: ['conftest.py'] });
    expect(forgedShallow.report).toEqual(forgedFull.report);
  });

  it('gives the same verdict when full history falls back to shallow on a mirror missing an old blob', async () => {
    const full = await verdicts('full', 'gold');
    const mirror = mirrorPath(base.tasks.cacheDir, instance.repo);
    const first = await gitIn(mirror, 'rev-list', '--max-parents=0', instance.base_commit);
    const oldStats = await blobAt(mirror, first, 'src/mathkit/stats.py');
    await deleteLooseObject(mirror, oldStats);
    const fallback = await verdicts('full', 'gold', false, '-fallback');
    expect(fallback.report).toEqual(full.report);
    expect(fallback.log).toContain(
      `checkout ${instance.repo}@${instance.base_commit.slice(0, 12)}: shallow, 3 commits deep ` +
        `(full history unavailable: unable to read ${oldStats})\n`,
    );
  });
});
