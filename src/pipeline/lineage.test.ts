import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { inputDigest } from './input-digest.js';
import { jsonlRecords, stampLineage, stampStage } from './lineage.js';

async function readJsonl(path: string): Promise<Record<string, unknown>[]> {
  const rows: Record<string, unknown>[] = [];
  for await (const row of jsonlRecords(path)) rows.push(row);
  return rows;
}

const commit = 'a'.repeat(40);
const mined = {
  instance_id: 'o__r-1',
  repo: 'o/r',
  base_commit: 'b'.repeat(40),
  source: { kind: 'real', commit },
};
const synthetic = {
  instance_id: 'o__r.proc.1',
  repo: 'o/r',
  base_commit: 'c'.repeat(40),
  source: { kind: 'synthetic:procedural', commit },
};
const base = { pipeline: 'p', stage: 's', block: 'b@1', config_hash: 'h' };
const jsonl = (records: unknown[]) => records.map((r) => `${JSON.stringify(r)}\n`).join('');

describe('stampLineage', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lf-lineage-'));
  });

  it('gives a mined candidate its commit, a synthetic one its commit and bug, keeping every other field', async () => {
    const path = join(dir, 'candidates.jsonl');
    await writeFile(path, jsonl([mined, synthetic]));
    await stampLineage({ candidates: [path] }, base);
    expect(await readJsonl(path)).toEqual([
      { ...mined, lineage: { ...base, inputs: [`o/r@${commit}`] } },
      { ...synthetic, lineage: { ...base, inputs: [`o/r@${commit}`, 'bug:o__r.proc.1'] } },
    ]);
  });

  it('points an instance at its candidate, a trajectory at its instance, a sample at its trajectory', async () => {
    const files = {
      instances: [join(dir, 'i.jsonl')],
      trajectories: [join(dir, 't.jsonl')],
      'sft-dataset': [join(dir, 's.jsonl')],
    };
    await writeFile(files.instances[0]!, jsonl([mined]));
    await writeFile(files.trajectories[0]!, jsonl([{ trajectory_id: 'o__r-1#0', instance_id: 'o__r-1' }]));
    await writeFile(files['sft-dataset'][0]!, jsonl([{ sample_id: 'x#0', trajectory_id: 'o__r-1#0' }]));
    await stampLineage(files, base);
    const inputs = async (path: string) =>
      (await readJsonl(path)).map((r) => (r['lineage'] as { inputs: string[] }).inputs);
    expect(await inputs(files.instances[0]!)).toEqual([['o__r-1']]);
    expect(await inputs(files.trajectories[0]!)).toEqual([['o__r-1']]);
    expect(await inputs(files['sft-dataset'][0]!)).toEqual([['o__r-1#0']]);
  });

  it('leaves a training export other than messages byte for byte as it was', async () => {
    const path = join(dir, 'ordered.jsonl');
    const text = jsonl([{ messages: [], instance_id: 'o__r-1', trajectory_id: 'o__r-1#0' }]);
    await writeFile(path, text);
    await stampLineage({ 'sft-dataset': [path] }, base);
    expect(await readFile(path, 'utf8')).toBe(text);
  });

  it("stamps only the stage's own files, not an upstream's file it passes on", async () => {
    const upstream = join(dir, 'rollout', 'trajectories.jsonl');
    const own = join(dir, 'score', 'scores.jsonl');
    await mkdir(join(dir, 'rollout'));
    await mkdir(join(dir, 'score'));
    const trajectories = jsonl([{ trajectory_id: 't#0', instance_id: 't' }]);
    await writeFile(upstream, trajectories);
    await writeFile(own, jsonl([{ trajectory_id: 't#0', instance_id: 't' }]));
    const stage = {
      pipeline: 'p',
      stage: 'score',
      dir: join(dir, 'score'),
      block: 'verifier-score',
      config: {},
    };
    await stampStage(stage, { trajectories: [upstream], scores: [own] });
    expect(await readFile(upstream, 'utf8')).toBe(trajectories);
    expect((await readJsonl(own))[0]!['lineage']).toMatchObject({
      stage: 'score',
      block: 'verifier-score@unversioned',
      inputs: ['t#0'],
    });
  });
});

describe('inputDigest', () => {
  it('ignores lineage on an item and on each record of a whole input, and nothing else', () => {
    const lineage = { ...base, inputs: ['x'] };
    expect(inputDigest({ ...mined, lineage })).toBe(inputDigest(mined));
    expect(inputDigest([{ ...mined, lineage }, synthetic])).toBe(inputDigest([mined, synthetic]));
    expect(inputDigest({ ...mined, repo: 'o/other' })).not.toBe(inputDigest(mined));
  });
});
