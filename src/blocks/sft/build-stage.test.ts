import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runSftBuild } from './build-stage.js';
import { stepsWithOneError, testTrajectory } from './test-trajectories.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lf-sft-stage-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const trajectories = (count: number) =>
  Array.from({ length: count }, (_, i) =>
    JSON.stringify(
      testTrajectory({ id: `t${i}`, instance: `acme__calc-${i}`, steps: stepsWithOneError().slice(i % 3) }),
    ),
  ).join('\n');

describe('sft build as a reduce stage', () => {
  it('does no work on a second identical build, and rebuilds on changed trajectories or options', async () => {
    const input = join(dir, 'trajectories.jsonl');
    await writeFile(input, trajectories(3));
    const outDir = join(dir, 'sft');
    const first = await runSftBuild({ trajectories: [input], outDir, stages: 2 });
    expect(first.run).toMatchObject({ block: 'sft-build', total: 1, done: 1, skipped: 0 });
    expect(first.stats.kept).toBe(3);
    const written = await readFile(join(outDir, 'stats.json'), 'utf8');
    expect(JSON.parse(written)).toEqual(first.stats);

    const second = await runSftBuild({ trajectories: [input], outDir, stages: 2 });
    expect(second.run).toMatchObject({ done: 0, skipped: 1 });
    expect(second.stats).toEqual(first.stats);
    expect(await readFile(join(outDir, 'stats.json'), 'utf8')).toBe(written);

    await writeFile(input, trajectories(4));
    const grown = await runSftBuild({ trajectories: [input], outDir, stages: 2 });
    expect(grown.run).toMatchObject({ done: 1, skipped: 0 });
    expect(grown.stats.kept).toBe(4);

    const restaged = await runSftBuild({ trajectories: [input], outDir, stages: 3 });
    expect(restaged.run).toMatchObject({ done: 1, skipped: 0 });
    expect(restaged.stats.curriculum.stages).toBe(3);
  });

  it('fails as the build does, with its code and message', async () => {
    await expect(runSftBuild({ trajectories: [], outDir: join(dir, 'sft') })).rejects.toMatchObject({
      code: 'bad_input',
      message: 'sft build needs --trajectories FILE',
    });
  });
});
