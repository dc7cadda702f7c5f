import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { sharedCacheDir } from '../blocks/trajgen/test-fixture.js';
import { quickstartGuarantees } from '../examples/guarantees.js';
import { loadPipeline, type LoadedPipeline } from './load.js';
import { runPipeline, type PipelineRun } from './run-pipeline.js';

const counts = (run: PipelineRun) => Object.fromEntries(run.stages.map((s) => [s.name, s.counts]));

describe('runPipeline: mine -> validate on the example repositories, local sandbox', () => {
  let root: string;
  let loaded: LoadedPipeline;
  const run = (options: { stages?: string[]; redo?: string[] } = {}) =>
    runPipeline(loaded, { outDir: join(root, 'out'), env: {}, progress: 'off', ...options });

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'lf-pipeline-run-'));
    await writeFile(
      join(root, 'small.yaml'),
      [
        'name: small',
        'repos: { examples: true }',
        `defaults: { sandbox: local, workers: 2, cache_dir: ${JSON.stringify(sharedCacheDir)} }`,
        'stages:',
        '  mine: { block: swegen-mine }',
        '  validate: { block: swegen-validate, from: [mine], config: { runs: 1 } }',
        '',
      ].join('\n'),
    );
    loaded = await loadPipeline(join(root, 'small.yaml'));
  });

  it(
    'runs each stage in its own directory, then a second run does no work, and --stages runs a prefix',
    { timeout: 900_000 },
    async () => {
      const first = await run();
      const validated = quickstartGuarantees.historyValidated;
      expect(first.stages.map((s) => [s.name, s.dir])).toEqual([
        ['mine', join(root, 'out', 'small', 'mine')],
        ['validate', join(root, 'out', 'small', 'validate')],
      ]);
      const candidates = first.stages[0]!.counts['candidates']!;
      expect(counts(first)).toEqual({
        mine: { done: 2, skipped: 0, failed: 0, candidates },
        validate: { done: candidates, skipped: 0, failed: 0, instances: validated },
      });
      const instancesFile = join(root, 'out', 'small', 'validate', 'instances.jsonl');
      expect((await readFile(instancesFile, 'utf8')).trimEnd().split('\n')).toHaveLength(validated);

      const second = await run();
      expect(counts(second)).toEqual({
        mine: { done: 0, skipped: 2, failed: 0, candidates },
        validate: { done: 0, skipped: candidates, failed: 0, instances: validated },
      });
      const saved = JSON.parse(
        await readFile(join(root, 'out', 'small', 'pipeline.json'), 'utf8'),
      ) as PipelineRun;
      expect(saved.stages.map((s) => [s.name, s.block, s.outputs])).toEqual([
        ['mine', 'swegen-mine', { candidates: [join(root, 'out', 'small', 'mine', 'candidates.jsonl')] }],
        ['validate', 'swegen-validate', { instances: [instancesFile] }],
      ]);

      const prefix = await run({ stages: ['mine'] });
      expect(counts(prefix)).toEqual({ mine: { done: 0, skipped: 2, failed: 0, candidates } });
      const redo = await run({ stages: ['mine'], redo: ['mine'] });
      expect(counts(redo)).toEqual({ mine: { done: 2, skipped: 0, failed: 0, candidates } });
    },
  );

  it(
    "recomputes a stage whose config changed and what reads it, nothing upstream; --redo mine leaves validate's identical candidates done",
    { timeout: 900_000 },
    async () => {
      const before = counts(await run());
      const candidates = before['mine']!['candidates']!;
      const instances = before['validate']!['instances']!;
      const file = join(root, 'small.yaml');
      await writeFile(file, (await readFile(file, 'utf8')).replace('runs: 1', 'runs: 2'));
      loaded = await loadPipeline(file);
      expect(counts(await run())).toEqual({
        mine: { done: 0, skipped: 2, failed: 0, candidates },
        validate: { done: candidates, skipped: 0, failed: 0, instances },
      });
      expect(counts(await run())).toEqual({
        mine: { done: 0, skipped: 2, failed: 0, candidates },
        validate: { done: 0, skipped: candidates, failed: 0, instances },
      });
      // Mining the same history again gives byte-identical candidates, so nothing downstream recomputes.
      expect(counts(await run({ redo: ['mine'] }))).toEqual({
        mine: { done: 2, skipped: 0, failed: 0, candidates },
        validate: { done: 0, skipped: candidates, failed: 0, instances },
      });
    },
  );

  it('refuses an unknown stage in --stages or --redo before any work', async () => {
    await expect(run({ stages: ['mien'] })).rejects.toThrow(
      '--stages: unknown stage "mien"; the stages are mine, validate',
    );
    await expect(run({ redo: ['valdate'] })).rejects.toThrow(
      '--redo: unknown stage "valdate"; the stages are mine, validate',
    );
  });
});
