import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { buildExamples } from '../examples/build.js';
import { hostPipIndexes } from '../env/pip-options.js';
import { checkEnvironment } from './check-env.js';

describe('checkEnvironment', () => {
  it("runs a repository's whole suite at a commit and counts the parsed tests by status", async () => {
    const root = await mkdtemp(join(tmpdir(), 'lf-envcheck-'));
    const examples = await buildExamples(join(root, 'examples'));
    const mathkit = examples.repos.find((r) => r.repo === 'legofactory-examples/mathkit')!;
    const head = (await execa('git', ['rev-parse', 'HEAD'], { cwd: mathkit.path })).stdout;
    const result = await checkEnvironment({
      provider: 'local',
      cacheDir: join(root, 'cache'),
      repos: { [mathkit.repo]: mathkit.path },
      envOverrides: {},
      runId: 'env-check-test',
      pip: await hostPipIndexes(),
      repo: mathkit.repo,
      commit: head,
      timeoutMs: 60_000,
    });
    expect(result).toMatchObject({ parsed: 7, counts: { PASSED: 7 } });
    expect(result.test_run).toMatchObject({
      parser: 'pytest-plugin',
      report_source: 'pytest-plugin',
      exit_code: 0,
      timed_out: false,
    });
  });
});
