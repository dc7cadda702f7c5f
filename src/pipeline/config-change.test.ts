import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scriptRepo } from '../blocks/swegen/mine/test-history.js';
import { mineRepos } from '../blocks/swegen/mine/run-mine.js';
import { tempDir } from '../repos/test-repo.js';
import { loadPipeline } from './load.js';
import { runPipeline } from './run-pipeline.js';

let root: string;
let source: string;
beforeAll(async () => {
  root = await tempDir('lf-pipeline-config-change-');
  source = join(root, 'app');
  await scriptRepo(source, [
    { name: 'root', message: 'Start', files: { 'pyproject.toml': '[project]\nname = "app"\n' } },
    {
      name: 'fix',
      message: 'Fix X',
      files: { 'src/app.py': 'X = 1\n', 'tests/test_app.py': 'def test_x():\n    assert 1\n' },
    },
  ]);
});
afterAll(() => rm(root, { recursive: true, force: true }));

/** Runs a mine-only pipeline whose mine stage has `config`. */
async function runWith(config: string) {
  const file = join(root, 'mine.yaml');
  await writeFile(
    file,
    [
      'name: mine-only',
      `repos: [${JSON.stringify(`acme/app=${source}`)}]`,
      `defaults: { sandbox: local, cache_dir: ${JSON.stringify(join(root, 'cache'))} }`,
      'stages:',
      `  mine: { block: swegen-mine, config: ${config} }`,
      '',
    ].join('\n'),
  );
  const run = await runPipeline(await loadPipeline(file), {
    outDir: join(root, 'out'),
    env: {},
    progress: 'off',
  });
  return run.stages[0]!.counts;
}

describe('a pipeline stage whose config changed', () => {
  it('recomputes in the pipeline, where the single-block command refuses', async () => {
    expect(await runWith('{ max_commits: 10 }')).toEqual({ done: 1, skipped: 0, failed: 0, candidates: 1 });
    expect(await runWith('{ max_commits: 10 }')).toEqual({ done: 0, skipped: 1, failed: 0, candidates: 1 });
    expect(await runWith('{ max_commits: 5 }')).toEqual({ done: 1, skipped: 0, failed: 0, candidates: 1 });

    const stageDir = join(root, 'out', 'mine-only', 'mine');
    const command = mineRepos({
      repos: { 'acme/app': source },
      outPath: join(stageDir, 'candidates.jsonl'),
      runDir: join(stageDir, 'run'),
      cacheDir: join(root, 'cache'),
      maxCommits: 3,
      progress: 'off',
    });
    await expect(command).rejects.toMatchObject({ code: 'config_changed' });
  });
});
