import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildExamples } from '../src/examples/build.js';
import { runEval } from '../src/blocks/eval/run-eval.js';
import { hostPipIndexes } from '../src/env/pip-options.js';
import { applyPatch } from '../src/harness/apply.js';
import { testsToRun } from '../src/harness/diff-paths.js';
import { testCommand, testEnv } from '../src/harness/test-command.js';
import type { ProviderName } from '../src/sandbox/index.js';
import type { TaskInstance } from '../src/schema/instance.js';
import { TaskSandboxes, type TaskSandboxOptions } from '../src/tasks/task-sandboxes.js';
import { median } from './median.js';

/** Per instance: the eval block's wall time and the bare test command's time in the same environment. */
export interface OverheadRow {
  instance: string;
  evalMs: number;
  testMs: number;
}

/** Times the test command alone: a sandbox prepared by hand (gold + test_patch), then one exec. */
async function bareTestMs(sandboxes: TaskSandboxes, instance: TaskInstance): Promise<number> {
  const task = await sandboxes.open(instance);
  try {
    for (const [patch, name] of [
      [instance.patch, 'gold'],
      [instance.test_patch, 'test'],
    ] as const)
      if (!(await applyPatch(task.sandbox, patch, name)).applied) throw new Error(`${name} did not apply`);
    const noConfig = `${task.sandbox.workdir}/.git/lf-bench-no-config.mjs`;
    await task.sandbox.writeFile(noConfig, 'export default {};\n');
    const report = `${task.sandbox.workdir}/.git/lf-bench-report.xml`;
    const command = testCommand(task.spec, testsToRun(instance.test_patch), { report, noConfig });
    const started = performance.now();
    const result = await task.sandbox.exec(command, { env: testEnv(task.spec, task.sandbox.workdir) });
    if (result.exitCode !== 0)
      throw new Error(`tests failed for ${instance.instance_id}: ${result.output.slice(-400)}`);
    return performance.now() - started;
  } finally {
    await task.close();
  }
}

/** Evaluates gold on the examples once to warm the environments, then again to time each instance. */
export async function benchHarnessOverhead(sandbox: ProviderName): Promise<OverheadRow[]> {
  const root = await mkdtemp(join(tmpdir(), 'lf-bench-harness-'));
  try {
    const examples = await buildExamples(join(root, 'examples'));
    const tasks: Omit<TaskSandboxOptions, 'provider'> = {
      cacheDir: join(root, 'cache'),
      repos: Object.fromEntries(examples.repos.map((r) => [r.repo, r.path])),
      envOverrides: {},
      runId: 'bench',
      pip: await hostPipIndexes(),
    };
    const options = {
      instancesPath: examples.instancesPath,
      predictions: 'gold',
      outDir: join(root, 'runs'),
    };
    const common = {
      ...options,
      sandbox,
      timeoutMs: 600_000,
      scope: 'test_files' as const,
      tasks,
      progress: 'off' as const,
    };
    await runEval({ ...common, runId: 'warm-up' });
    const timed = await runEval({ ...common, runId: 'timed' });
    const sandboxes = new TaskSandboxes({ ...tasks, provider: sandbox });
    const rows: OverheadRow[] = [];
    for (const report of timed.reports) {
      const instance = examples.instances.find((i) => i.instance_id === report.instance_id)!;
      rows.push({
        instance: report.instance_id,
        evalMs: report.duration_ms,
        testMs: await bareTestMs(sandboxes, instance),
      });
    }
    return rows;
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

export function formatHarnessOverhead(sandbox: string, rows: OverheadRow[]): string {
  const lines = rows.map(
    (r) =>
      `  ${r.instance}: eval ${(r.evalMs / 1000).toFixed(2)} s, tests alone ${(r.testMs / 1000).toFixed(2)} s`,
  );
  const overhead = median(rows.map((r) => r.evalMs - r.testMs)) / 1000;
  const ratio = median(rows.map((r) => r.evalMs / r.testMs));
  return [
    ...lines,
    `harness-overhead ${sandbox}: median overhead ${overhead.toFixed(2)} s per instance, ` +
      `eval/tests-alone ${ratio.toFixed(2)}x (goal <= 0.5 s) ${overhead <= 0.5 ? 'ok' : 'OVER'}`,
  ].join('\n');
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const sandbox = (process.argv[2] ?? 'docker') as ProviderName;
  console.log(formatHarnessOverhead(sandbox, await benchHarnessOverhead(sandbox)));
}
