import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sharedCacheDir } from '../blocks/trajgen/test-fixture.js';
import { quickstartGuarantees } from '../examples/guarantees.js';
import { packageRoot } from '../package-root.js';
import { loadPipeline } from './load.js';
import { runPipeline } from './run-pipeline.js';

const quickstartFile = join(packageRoot(), 'examples', 'quickstart.pipeline.yaml');

describe('examples/quickstart.pipeline.yaml', () => {
  it('validates, and orders mine and synth before what reads them', async () => {
    const { order, file } = await loadPipeline(quickstartFile);
    expect(order).toEqual(['mine', 'validate', 'synth', 'rollout', 'sft', 'score', 'tts']);
    expect(file.repos).toEqual({ examples: true });
  });

  it(
    "gives the quickstart's numbers on the examples with the local sandbox and the gold policy: " +
      'validated instances, trajectories, SFT samples',
    { timeout: 900_000 },
    async () => {
      const out = await mkdtemp(join(tmpdir(), 'lf-quickstart-pipeline-'));
      const lines: string[] = [];
      const run = await runPipeline(await loadPipeline(quickstartFile), {
        outDir: out,
        // Synth is left out here: its numbers are the quickstart test's; this one checks the chain.
        stages: ['sft', 'tts'],
        overrides: { sandbox: 'local', cache_dir: sharedCacheDir },
        env: {},
        progress: 'off',
        log: (line) => lines.push(line),
      });
      const counts = Object.fromEntries(run.stages.map((s) => [s.name, s.counts]));
      const { historyValidated, trajgenGold } = quickstartGuarantees;
      expect(run.stages.map((s) => s.name)).toEqual(['mine', 'validate', 'rollout', 'sft', 'score', 'tts']);
      expect(counts['validate']?.['instances']).toBe(historyValidated);
      expect(counts['rollout']).toMatchObject({
        trajectories: trajgenGold.trajectories,
        resolved: trajgenGold.resolved,
      });
      expect(counts['sft']).toEqual({ done: 1, skipped: 0, failed: 0, trajectories: 7, samples: 7 });
      expect(counts['score']).toEqual({ scored: 0 });
      expect(counts['tts']).toEqual({
        done: 1,
        skipped: 0,
        failed: 0,
        trajectories: 7,
        instances: 7,
        pass_at_1_pct: 100,
      });
      expect(lines).toContain(
        'score: no defaults.model, so no verifier scores; the trajectories pass through unscored',
      );
    },
  );

  it(
    "plants the quickstart's synthetic bugs: procedural and combine, validated in the stage",
    { timeout: 900_000 },
    async () => {
      const out = await mkdtemp(join(tmpdir(), 'lf-quickstart-pipeline-'));
      const run = await runPipeline(await loadPipeline(quickstartFile), {
        outDir: out,
        stages: ['synth'],
        overrides: { sandbox: 'local', cache_dir: sharedCacheDir },
        env: {},
        progress: 'off',
      });
      const { procedural, combine } = quickstartGuarantees.synthValid;
      expect(run.stages.map((s) => [s.name, s.counts['instances']])).toEqual([
        ['synth', procedural + combine],
      ]);
      expect(run.stages[0]?.outputs).toEqual({
        instances: [join(out, 'quickstart', 'synth', 'instances.jsonl')],
      });
    },
  );
});
