import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { sharedCacheDir } from '../blocks/trajgen/test-fixture.js';
import { runCli, runCliForExit } from '../cli/test-cli.js';
import { jsonlRecords } from './lineage.js';
import { walkLineage } from './lineage-walk.js';
import { loadPipeline } from './load.js';
import { runPipeline } from './run-pipeline.js';
import { readStageStore } from './stage-store.js';
import { pipelineStatus, type PipelineStatus } from './status.js';

async function readJsonl(path: string): Promise<Record<string, unknown>[]> {
  const rows: Record<string, unknown>[] = [];
  for await (const row of jsonlRecords(path)) rows.push(row);
  return rows;
}

type Row = Record<string, unknown>;

/** One real run of mine -> validate -> gold rollout -> sft build on the example repositories, then a re-run. */
describe('status and lineage of a real pipeline run (local sandbox, gold policy)', () => {
  let out: string;
  let dir: string;
  let first: PipelineStatus;
  let second: PipelineStatus;
  const files: Record<string, Row[]> = {};
  const block = (stage: string) => {
    const [main] = readStageStore(join(dir, stage));
    return `${main!.name}@${main!.version}`;
  };

  beforeAll(async () => {
    const root = await mkdtemp(join(tmpdir(), 'lf-status-'));
    out = join(root, 'out');
    dir = join(out, 'small');
    await writeFile(
      join(root, 'small.yaml'),
      [
        'name: small',
        'repos: { examples: true }',
        `defaults: { sandbox: local, workers: 2, cache_dir: ${JSON.stringify(sharedCacheDir)} }`,
        'stages:',
        '  mine: { block: swegen-mine }',
        '  validate: { block: swegen-validate, from: [mine], config: { runs: 1 } }',
        '  rollout: { block: trajgen-rollout, from: [validate], config: { policy: gold } }',
        '  sft: { block: sft-build, from: [rollout], config: { include_gold: true, format: messages } }',
        '',
      ].join('\n'),
    );
    const loaded = await loadPipeline(join(root, 'small.yaml'));
    await runPipeline(loaded, { outDir: out, env: {}, progress: 'off' });
    first = await pipelineStatus(dir);
    for (const [name, file] of Object.entries({
      candidates: 'mine/candidates.jsonl',
      instances: 'validate/instances.jsonl',
      trajectories: 'rollout/trajectories.jsonl',
      samples: 'sft/ordered.jsonl',
    }))
      files[name] = await readJsonl(join(dir, file));
    await runPipeline(loaded, { outDir: out, env: {}, progress: 'off' });
    second = await pipelineStatus(dir);
  }, 900_000);

  it('counts each stage from its store and files, and the funnel from commits to SFT samples', async () => {
    const { candidates, instances, trajectories, samples } = files as Record<string, Row[]>;
    const mineSummary = JSON.parse(await readFile(join(dir, 'mine', 'run', 'summary.json'), 'utf8')) as {
      ledger: { stages: { input: number }[]; rejections: { reason: string; count: number }[] };
    };
    const rejections = Object.fromEntries(mineSummary.ledger.rejections.map((r) => [r.reason, r.count]));
    const stores = Object.fromEntries(
      ['mine', 'validate', 'rollout'].map((s) => [s, readStageStore(join(dir, s))[0]!]),
    );
    expect(stores['mine']).toMatchObject({ done: 2, failed: 0 });
    expect(stores['validate']).toMatchObject({ done: candidates!.length, failed: 0 });
    expect(stores['rollout']).toMatchObject({ done: instances!.length, failed: 0 });
    const row = (name: string, b: string, n: number, out: number, reasons = {}) => ({
      name,
      block: b,
      items_in: n,
      out,
      cost_usd: 0,
      reasons,
    });
    expect(first.stages).toMatchObject([
      { ...row('mine', 'swegen-mine', 2, candidates!.length, rejections), done: 2, skipped: 0, failed: 0 },
      { ...row('validate', 'swegen-validate', candidates!.length, instances!.length), done: 7, skipped: 0 },
      { ...row('rollout', 'trajgen-rollout', instances!.length, trajectories!.length), done: 7, skipped: 0 },
      { ...row('sft', 'sft-build', trajectories!.length, samples!.length), done: 1, skipped: 0, failed: 0 },
    ]);
    expect(first.funnel).toEqual({
      commits: mineSummary.ledger.stages[0]!.input,
      candidates: 7,
      instances: 7,
      trajectories: 7,
      resolved: trajectories!.filter((t) => t['resolved'] === true).length,
      sft_samples: 7,
      cost_usd: 0,
      cost_per_instance: 0,
      cost_per_resolved: 0,
    });
    // The re-run computed nothing: stamping lineage on a stage's outputs recomputes nothing downstream.
    expect(second.stages.map((s) => [s.name, s.done, s.skipped, s.failed, s.out])).toEqual([
      ['mine', 0, 2, 0, 7],
      ['validate', 0, 7, 0, 7],
      ['rollout', 0, 7, 0, 7],
      ['sft', 0, 1, 0, 7],
    ]);
  });

  it('prints the status as a table, and --json as exactly { stages, funnel }', async () => {
    const json = JSON.parse(await runCli('status', dir, '--json')) as PipelineStatus;
    expect(Object.keys(json)).toEqual(['stages', 'funnel']);
    expect(Object.keys(json.stages[0]!)).toEqual([
      'name',
      'block',
      'items_in',
      'done',
      'skipped',
      'failed',
      'out',
      'seconds',
      'cost_usd',
      'reasons',
    ]);
    expect(json).toEqual(second);
    const text = await runCli('status', dir);
    expect(text).toContain('funnel: commits ');
    expect(text).toContain('-> candidates 7 -> instances 7 -> trajectories 7 -> resolved 7 -> SFT samples 7');
    expect(text.split('\n')[0]).toMatch(
      /^stage +block +in +done +skipped +failed +out +seconds +cost +reasons$/,
    );
  });

  it('stamps every record with its pipeline, stage, block@version, config hash and inputs', () => {
    const [candidate] = files['candidates']!;
    const source = candidate!['source'] as { commit: string };
    expect(candidate!['lineage']).toEqual({
      pipeline: 'small',
      stage: 'mine',
      block: block('mine'),
      config_hash: readStageStore(join(dir, 'mine'))[0]!.config_hash,
      inputs: [`${String(candidate!['repo'])}@${source.commit}`],
    });
    for (const instance of files['instances']!)
      expect(instance['lineage']).toMatchObject({ stage: 'validate', inputs: [instance['instance_id']] });
    for (const trajectory of files['trajectories']!)
      expect(trajectory['lineage']).toMatchObject({ stage: 'rollout', inputs: [trajectory['instance_id']] });
    for (const sample of files['samples']!)
      expect(sample['lineage']).toMatchObject({ stage: 'sft', inputs: [sample['trajectory_id']] });
  });

  it('walks an SFT sample back through rollout, validate and mine to its commit', async () => {
    const sample = files['samples']![0]!;
    const instanceId = String(sample['instance_id']);
    const candidate = files['candidates']!.find((c) => c['instance_id'] === instanceId)!;
    const commit = `${String(candidate['repo'])}@${(candidate['source'] as { commit: string }).commit}`;
    const hops = await walkLineage(String(sample['sample_id']), out);
    expect(hops).toEqual([
      {
        stage: 'sft',
        block: 'sft-build@1',
        id: sample['sample_id'],
        inputs: [sample['trajectory_id']],
      },
      { stage: 'rollout', block: block('rollout'), id: sample['trajectory_id'], inputs: [instanceId] },
      { stage: 'validate', block: block('validate'), id: instanceId, inputs: [instanceId] },
      { stage: 'mine', block: block('mine'), id: instanceId, inputs: [commit] },
      { stage: 'source', block: 'source', id: commit, inputs: [] },
    ]);
    // From an instance, in the pipeline directory itself, with --json.
    const json = JSON.parse(await runCli('lineage', instanceId, '--out', dir, '--json')) as unknown[];
    expect(json).toEqual(hops.slice(2));
    const text = await runCli('lineage', instanceId, '--out', out);
    expect(text.split('\n').at(-1)).toMatch(new RegExp(`^source +source +${commit}$`));
  });

  it('refuses an unknown id with a clear error', async () => {
    await expect(walkLineage('no-such-record', out)).rejects.toThrow(
      `no record "no-such-record" in the stage outputs under ${out}`,
    );
    await expect(runCliForExit('lineage', 'no-such-record', '--out', out)).rejects.toThrow('no record');
  });
});
