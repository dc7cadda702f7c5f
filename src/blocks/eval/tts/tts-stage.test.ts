import { copyFile, mkdtemp, readFile, rm, appendFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { packageRoot } from '../../../package-root.js';
import { runTtsStage } from './tts-stage.js';

const example = join(packageRoot(), 'docs', 'examples', 'tts');
let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lf-tts-stage-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('eval tts as a reduce stage', () => {
  it('does no work on a second identical report, and reports again on changed scores or ks', async () => {
    const scoresPath = join(dir, 'scores.jsonl');
    await copyFile(join(example, 'scores.jsonl'), scoresPath);
    const base = {
      trajectoriesPath: join(example, 'trajectories.jsonl'),
      scoresPath,
      outDir: join(dir, 'tts'),
    };
    const first = await runTtsStage({ ...base, ks: [1, 2] });
    expect(first.run).toMatchObject({ block: 'eval-tts', total: 1, done: 1, skipped: 0 });
    expect(first.metrics.bad_input.orphan_scores).toBe(1);
    const metrics = await readFile(join(dir, 'tts', 'metrics.json'), 'utf8');
    expect(JSON.parse(metrics)).toEqual(first.metrics);

    const second = await runTtsStage({ ...base, ks: [1, 2] });
    expect(second.run).toMatchObject({ done: 0, skipped: 1 });
    expect(second.metrics).toEqual(first.metrics);

    await appendFile(scoresPath, '{"not": "a score"}\n');
    const rescored = await runTtsStage({ ...base, ks: [1, 2] });
    expect(rescored.run).toMatchObject({ done: 1, skipped: 0 });
    expect(rescored.metrics.bad_input.malformed_lines).toBe(first.metrics.bad_input.malformed_lines + 1);

    const moreKs = await runTtsStage({ ...base, ks: [1, 2, 4] });
    expect(moreKs.run).toMatchObject({ done: 1, skipped: 0 });
    expect(moreKs.metrics.k.map((at) => at.k)).toEqual([1, 2, 4]);
  });
});
