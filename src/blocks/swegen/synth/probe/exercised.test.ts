import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildExampleRepo } from '../../../../examples/build.js';
import { mathkit } from '../../../../examples/repos/mathkit.js';
import { textkit } from '../../../../examples/repos/textkit.js';
import type { ExampleRepo } from '../../../../examples/repos/types.js';
import { testPipOptions } from '../../../../env/test-fixtures.js';
import { tempDir } from '../../../../repos/test-repo.js';
import { TaskSandboxes } from '../../../../tasks/task-sandboxes.js';
import { sharedCacheDir } from '../../../trajgen/test-fixture.js';
import { collectExercised } from './exercised.js';
import { originalInstance } from './test-run.js';

let root: string;
let sandboxes: TaskSandboxes;
const repos: Record<string, string> = {};
beforeAll(async () => {
  root = await tempDir('lf-exercised-');
  for (const example of [mathkit, textkit])
    repos[example.repo] = (await buildExampleRepo(example, root)).path;
  const pip = await testPipOptions();
  sandboxes = new TaskSandboxes({
    cacheDir: sharedCacheDir,
    repos,
    envOverrides: {},
    runId: 'exercised-test',
    pip,
    provider: 'local',
  });
}, 900_000);
afterAll(() => rm(root, { recursive: true, force: true }));

/** The functions the example's suite ran at its last commit, recorded in the local sandbox. */
async function exercised(example: ExampleRepo): Promise<string[]> {
  const head = (await execa('git', ['rev-parse', 'HEAD'], { cwd: repos[example.repo] })).stdout;
  const instance = originalInstance(example.repo, head, `${example.repo.replace('/', '__')}.exercised`);
  const task = await sandboxes.open(instance, () => {});
  try {
    const logPath = join(root, `${instance.instance_id}.log`);
    const { run, functions } = await collectExercised(task, instance, { timeoutMs: 120_000, logPath });
    expect(Object.values(run.tests).filter((status) => status === 'PASSED').length).toBeGreaterThan(0);
    return [...functions].sort();
  } finally {
    await task.close();
  }
}

describe('the functions a test suite exercises', () => {
  it('are recorded for pytest through a sitecustomize profile hook', async () => {
    expect(await exercised(mathkit)).toEqual([
      'src/mathkit/stats.py\tmean',
      'src/mathkit/stats.py\tmedian',
      'src/mathkit/strings.py\tslugify',
      'tests/test_stats.py\ttest_mean',
      'tests/test_stats.py\ttest_mean_empty_raises_value_error',
      'tests/test_stats.py\ttest_median_even',
      'tests/test_stats.py\ttest_median_odd',
      'tests/test_strings.py\ttest_slugify_collapses',
      'tests/test_strings.py\ttest_slugify_simple',
    ]);
  }, 900_000);

  it('are recorded for vitest, whose workers are ended by a signal, through V8 coverage', async () => {
    const recorded = await exercised(textkit);
    // vitest's module runner defines a getter named `get` for each export of a module it loads.
    expect(recorded.filter((entry) => !entry.endsWith('\tget'))).toEqual([
      'src/truncate.ts\ttruncate',
      'src/words.ts\tcapitalize',
      'src/words.ts\twordCount',
    ]);
  }, 900_000);
});
