import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTts, type TtsReport } from './run-tts.js';
import { packageRoot } from '../../../package-root.js';
import { formatTable } from '../../../format-table.js';
import { curveRows } from './tables.js';
import { patchWith } from './test-trajectories.js';

let dir: string;
let report: TtsReport;

const A = 'acme__calc-1';
const B = 'acme__calc-2';
const C = 'acme__calc-3';
/** The worked example of docs/eval.md: three instances, bad input of every kind, scores from a verifier. */
const example = join(packageRoot(), 'docs', 'examples', 'tts');

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lf-tts-'));
  report = await runTts({
    trajectoriesPath: join(example, 'trajectories.jsonl'),
    scoresPath: join(example, 'scores.jsonl'),
    ks: [4, 1, 2],
    outDir: join(dir, 'tts'),
  });
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('eval tts', () => {
  it('counts every kind of bad input instead of averaging it in', () => {
    expect(report.metrics.bad_input).toEqual({
      malformed_lines: 1,
      duplicated_samples: 1,
      unjudged_trajectories: 1,
      missing_scores: 1,
      duplicated_scores: 0,
      orphan_scores: 1,
      short_instances: { '1': 0, '2': 0, '4': 1 },
    });
    expect(report.problems).toHaveLength(3);
    expect(report.metrics).toMatchObject({ instances: 3, trajectories: 10, resolved_trajectories: 3 });
  });

  it('computes pass@k and every selector at every k, each over the instances it can use', () => {
    const [k1, k2, k4] = report.metrics.k;
    expect(report.metrics.pass_at_1).toBeCloseTo(1 / 3, 15);
    expect(k1).toMatchObject({ k: 1, instances: 3, missing_score_instances: 1 });
    expect(k1!.best_at_k.verifier).toEqual({ rate: 0.25, instances: 2 });
    expect(k2!.pass_at_k).toBeCloseTo(11 / 18, 15);
    expect(k2!.best_at_k.verifier).toEqual({ rate: 0.25, instances: 2 });
    expect(k2!.best_at_k.majority!.rate).toBeCloseTo(7 / 18, 15);
    expect(k2!.best_at_k.shortest!.rate).toBeCloseTo(11 / 18, 15);
    expect(k2!.best_at_k.random!.rate).toBeCloseTo(1 / 3, 15);
    expect(k4).toMatchObject({ k: 4, instances: 2, short_instances: 1, pass_at_k: 0.5 });
    expect(k4!.best_at_k).toEqual({
      verifier: { rate: 0, instances: 2 },
      random: { rate: 0.25, instances: 2 },
      majority: { rate: 0.5, instances: 2 },
      shortest: { rate: 0.5, instances: 2 },
    });
    expect(k4!.subsets).toEqual({ method: 'exact', subsets: 1 });
  });

  it('writes metrics.json, the per-instance table and non-empty SVG and PNG charts', async () => {
    const metrics = JSON.parse(await readFile(report.files.metrics, 'utf8'));
    expect(metrics).toEqual(JSON.parse(JSON.stringify(report.metrics)));
    const table = (await readFile(report.files.table, 'utf8')).trim().split('\n');
    expect(table[0]!.split('\t').slice(0, 6)).toEqual([
      'instance_id',
      'n',
      'resolved',
      'missing_scores',
      'pass@1',
      'verifier@1',
    ]);
    expect(table[3]!.split('\t').slice(0, 5)).toEqual([C, '2', '1', '1', '0.5000']);
    const svg = await readFile(report.files.svg, 'utf8');
    expect(svg).toMatch(/^<svg /);
    expect(svg.match(/<path /g)).toHaveLength(5);
    const png = await readFile(report.files.png);
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png.length).toBeGreaterThan(10_000);
  });

  it('prints the curve docs/eval.md shows for this worked example', async () => {
    const docs = await readFile(join(packageRoot(), 'docs', 'eval.md'), 'utf8');
    const table = formatTable(curveRows(report.metrics));
    expect(docs).toContain(table);
  });

  it('writes the selected candidates at each k as SWE-bench predictions', async () => {
    expect(report.files.predictions).toHaveLength(12);
    const lines = (await readFile(join(report.outDir, 'predictions', 'verifier@2.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines).toEqual([
      { instance_id: A, model_name_or_path: 'qwen3-8b+verifier@2', model_patch: patchWith('fix') },
      { instance_id: B, model_name_or_path: 'qwen3-8b+verifier@2', model_patch: patchWith('nope') },
    ]);
    const majority = await readFile(join(report.outDir, 'predictions', 'majority@4.jsonl'), 'utf8');
    expect(
      majority
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).model_patch),
    ).toEqual([patchWith('fix'), patchWith('nope')]);
  });
});
