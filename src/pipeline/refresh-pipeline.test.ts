import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScriptedCommit } from '../blocks/swegen/mine/test-history.js';
import { commitOn, scriptRepo } from '../blocks/swegen/mine/test-history.js';
import { tempDir } from '../repos/test-repo.js';
import { loadPipeline, type LoadedPipeline } from './load.js';
import type { RefreshEntry } from './refresh-ledger.js';
import { runPipeline, type PipelineRun } from './run-pipeline.js';

/** A fix to code and its test (a candidate that validates: the new test fails before, passes after). */
const fix = (name: string, n: number): ScriptedCommit => ({
  name,
  message: `Fix ${name}`,
  files: {
    'src/app.py': `X = ${n}\n`,
    'tests/test_app.py': `from src.app import X\n\n\ndef test_x():\n    assert X == ${n}\n`,
  },
});
/** A README change: mined, but no candidate. */
const docs = (name: string): ScriptedCommit => ({
  name,
  message: `Document ${name}`,
  files: { 'README.md': `# app ${name}\n` },
});
const start: ScriptedCommit = {
  name: 'root',
  message: 'Start',
  files: {
    'pyproject.toml': '[project]\nname = "app"\nversion = "0.1.0"\nrequires-python = ">=3.9"\n',
    'conftest.py': '',
    'src/app.py': 'X = 0\n',
    'tests/test_app.py': 'from src.app import X\n\n\ndef test_x():\n    assert X == 0\n',
    'tests/test_base.py': 'def test_base():\n    assert True\n',
  },
};

const counts = (run: PipelineRun) => Object.fromEntries(run.stages.map((s) => [s.name, s.counts]));
const lines = async (path: string) => (await readFile(path, 'utf8')).trimEnd().split('\n');
const ids = async (path: string) =>
  (await lines(path)).map((line) => (JSON.parse(line) as { instance_id: string }).instance_id);
const id = (sha: string) => `acme__app-${sha.slice(0, 7)}`;

describe('legofactory run --refresh on a repository advanced by script', () => {
  let root: string;
  let source: string;
  let loaded: LoadedPipeline;
  const log: string[] = [];
  const run = (refresh: boolean) =>
    runPipeline(loaded, {
      outDir: join(root, 'out'),
      env: {},
      progress: 'off',
      refresh,
      log: (line) => log.push(line),
    });

  beforeAll(async () => {
    root = await tempDir('lf-pipeline-refresh-');
    source = join(root, 'app');
    await writeFile(
      join(root, 'refresh.yaml'),
      [
        'name: fresh',
        `repos: [${JSON.stringify(`acme/app=${source}`)}]`,
        `defaults: { sandbox: local, workers: 2, pip: host, cache_dir: ${JSON.stringify(join(root, 'cache'))} }`,
        'stages:',
        '  mine: { block: swegen-mine }',
        '  validate: { block: swegen-validate, from: [mine], config: { runs: 1 } }',
        '  rollout: { block: trajgen-rollout, from: [validate], config: { policy: gold } }',
        '  sft: { block: sft-build, from: [rollout], config: { include_gold: true } }',
        '',
      ].join('\n'),
    );
    loaded = await loadPipeline(join(root, 'refresh.yaml'));
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it(
    'sends only the new candidates down, grows the dataset by exactly the new samples, then says nothing is new',
    { timeout: 900_000 },
    async () => {
      const old = await scriptRepo(source, [start, fix('one', 1), docs('a')]);
      const first = await run(false);
      expect(counts(first)).toEqual({
        mine: { done: 1, skipped: 0, failed: 0, candidates: 1 },
        validate: { done: 1, skipped: 0, failed: 0, instances: 1 },
        rollout: { done: 1, skipped: 0, failed: 0, trajectories: 1, resolved: 1 },
        sft: { done: 1, skipped: 0, failed: 0, trajectories: 1, samples: 1 },
      });

      let day = 10;
      const added: Record<string, string> = {};
      for (const commit of [fix('two', 2), docs('b'), fix('three', 3)])
        added[commit.name] = await commitOn(source, commit, day++);
      const refresh = await run(true);
      expect(counts(refresh)).toEqual({
        mine: { done: 1, skipped: 0, failed: 0, candidates: 3 },
        validate: { done: 2, skipped: 1, failed: 0, instances: 3 },
        rollout: { done: 2, skipped: 1, failed: 0, trajectories: 3, resolved: 3 },
        sft: { done: 1, skipped: 0, failed: 0, trajectories: 3, samples: 3 },
      });
      const out = join(root, 'out', 'fresh');
      const all = [old['one']!, added['two']!, added['three']!].map(id);
      expect(await ids(join(out, 'mine', 'candidates.jsonl'))).toEqual(all);
      expect((await ids(join(out, 'validate', 'instances.jsonl'))).sort()).toEqual([...all].sort());
      expect(await lines(refresh.stages[3]!.outputs['sft-dataset']![0]!)).toHaveLength(3);

      const [entry] = (await lines(join(out, 'refresh.jsonl'))).map((l) => JSON.parse(l) as RefreshEntry);
      expect(entry).toMatchObject({ new_commits: 3, new_candidates: 2, nothing_new: false });
      expect(entry!.repos).toEqual([
        {
          repo: 'acme/app',
          status: 'mined',
          cursor_before: old['a'],
          head_after: added['three'],
          new_commits: 3,
          new_candidates: 2,
        },
      ]);
      expect(entry!.stages).toEqual([
        {
          stage: 'mine',
          block: 'swegen-mine',
          counts: { done: 1, skipped: 0, failed: 0, new_candidates: 2 },
        },
        {
          stage: 'validate',
          block: 'swegen-validate',
          counts: { done: 2, skipped: 1, failed: 0, new_instances: 2 },
        },
        {
          stage: 'rollout',
          block: 'trajgen-rollout',
          counts: { done: 2, skipped: 1, failed: 0, new_trajectories: 2, new_resolved: 2 },
        },
        {
          stage: 'sft',
          block: 'sft-build',
          counts: { done: 1, skipped: 0, failed: 0, new_trajectories: 2, new_samples: 2 },
        },
      ]);

      log.length = 0;
      const again = await run(true);
      expect(again.nothingNew).toBe(true);
      expect(log).toContain('refresh: no new commits in 1 repositories; nothing to send down');
      expect(log.filter((line) => /^(validate|rollout|sft) /.test(line))).toEqual([]);
      expect(counts(again)).toEqual({
        mine: { done: 0, skipped: 0, failed: 0, candidates: 3 },
        validate: { done: 2, skipped: 1, failed: 0, instances: 3 },
        rollout: { done: 2, skipped: 1, failed: 0, trajectories: 3, resolved: 3 },
        sft: { done: 1, skipped: 0, failed: 0, trajectories: 3, samples: 3 },
      });
      const ledger = (await lines(join(out, 'refresh.jsonl'))).map((l) => JSON.parse(l) as RefreshEntry);
      expect(ledger).toHaveLength(2);
      expect(ledger[1]).toMatchObject({ new_commits: 0, new_candidates: 0, nothing_new: true });
      expect(ledger[1]!.stages).toEqual([
        {
          stage: 'mine',
          block: 'swegen-mine',
          counts: { done: 0, skipped: 0, failed: 0, new_candidates: 0 },
        },
      ]);
    },
  );
});
