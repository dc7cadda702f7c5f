import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sharedCacheDir } from '../blocks/trajgen/test-fixture.js';
import { buildExamplesCached } from '../examples/build.js';
import { loadPipeline } from '../pipeline/load.js';
import type { PipelineRun } from '../pipeline/run-pipeline.js';
import { stageKindNames } from '../pipeline/stages/index.js';
import { runCli } from './test-cli.js';

describe('legofactory schema pipeline', () => {
  it("prints the pipeline file's JSON Schema: one variant per block, unknown keys refused", async () => {
    const schema = JSON.parse(await runCli('schema', 'pipeline'));
    expect(schema.required).toEqual(['name', 'repos', 'stages']);
    expect(schema.additionalProperties).toBe(false);
    const stage = schema.properties.stages.additionalProperties;
    expect(
      stage.oneOf.map((v: { properties: { block: { const: string } } }) => v.properties.block.const),
    ).toEqual(stageKindNames);
    const validate = stage.oneOf.find(
      (v: { properties: { block: { const: string } } }) => v.properties.block.const === 'swegen-validate',
    );
    expect(validate.properties.config.properties.runs).toMatchObject({ type: 'integer', default: 3 });
  });
});

describe('legofactory pipeline init', () => {
  it('writes a recipe that loads, with the repository path made absolute, and never overwrites', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lf-init-'));
    const out = join(dir, 'p.yaml');
    const said = await runCli(
      'pipeline',
      'init',
      '--repo',
      'acme/calc=./calc',
      '--stages',
      'mine,validate',
      '--out',
      out,
    );
    expect(said).toBe(`wrote ${out}; run it with: legofactory run ${out}`);
    const loaded = await loadPipeline(out);
    expect(loaded.order).toEqual(['mine', 'validate']);
    expect(loaded.file.repos).toEqual([`acme/calc=${resolve('calc')}`]);
    await expect(runCli('pipeline', 'init', '--repo', 'acme/calc=./calc', '--out', out)).rejects.toThrow(
      `${out} exists; remove it or choose another --out`,
    );
    const printed = await runCli('pipeline', 'init', '--repo', 'acme/calc=/c', '--stages', 'mine');
    expect(printed).toContain('repos:\n  - acme/calc=/c\n');
    expect(printed.split('stages:\n')[1]!.match(/^ {2}\w+:$/gm)).toEqual(['  mine:']);
  });
});

describe('legofactory run', () => {
  it('refuses a bad pipeline file with every problem by stage and key, before any work', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lf-run-'));
    const file = join(dir, 'bad.yaml');
    await writeFile(
      file,
      'name: p\nrepos: [acme/calc=./calc]\nstages:\n  validate: { block: swegen-validate, from: [mien] }\n' +
        '  train: { block: sft-trian }\n',
    );
    await expect(runCli('run', file, '--out', join(dir, 'out'))).rejects.toThrow(
      `${file}:\n  stages.train.block: unknown block "sft-trian"; choose one of: ${stageKindNames.join(', ')}`,
    );
  });

  it('runs the stages asked for and prints one JSON object with --json', { timeout: 300_000 }, async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lf-run-'));
    const file = join(dir, 'p.yaml');
    await writeFile(
      file,
      'name: cli\nrepos: { examples: true }\nstages:\n  mine: { block: swegen-mine }\n' +
        '  validate: { block: swegen-validate, from: [mine] }\n',
    );
    const flags = ['--out', join(dir, 'out'), '--sandbox', 'local', '--cache', sharedCacheDir, '--json'];
    const run = JSON.parse(await runCli('run', file, '--stages', 'mine', ...flags)) as PipelineRun;
    expect([run.name, run.dir, run.sandbox, run.interrupted]).toEqual([
      'cli',
      join(dir, 'out', 'cli'),
      'local',
      false,
    ]);
    expect(run.stages.map((s) => [s.name, s.block, s.counts['done'], s.counts['failed']])).toEqual([
      ['mine', 'swegen-mine', 2, 0],
    ]);
  });

  it('runs what pipeline init wrote', { timeout: 300_000 }, async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lf-run-'));
    const file = join(dir, 'recipe.yaml');
    const repos = (await buildExamplesCached(sharedCacheDir)).repos.flatMap((r) => [
      '--repo',
      `${r.repo}=${r.path}`,
    ]);
    await runCli('pipeline', 'init', ...repos, '--name', 'recipe', '--out', file);
    const flags = ['--out', join(dir, 'out'), '--sandbox', 'local', '--cache', sharedCacheDir, '--json'];
    const run = JSON.parse(await runCli('run', file, '--stages', 'mine', ...flags)) as PipelineRun;
    expect(run.stages.map((s) => [s.name, s.counts])).toEqual([
      ['mine', { done: 2, skipped: 0, failed: 0, candidates: 7 }],
    ]);
  });
});
