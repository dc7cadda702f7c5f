import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildExampleSft } from './quickstart.js';
import { stepsWithOneError, testTrajectory } from './test-trajectories.js';

describe("the quickstart's SFT step", () => {
  it('keeps the gold replays on purpose and says so in its summary', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lf-sft-quickstart-'));
    const gold = {
      ...testTrajectory({ id: 'g', steps: stepsWithOneError() }),
      policy: 'gold',
      model: 'gold',
    };
    await writeFile(join(dir, 'trajectories.jsonl'), `${JSON.stringify(gold)}\n`);
    const { result, summary } = await buildExampleSft(join(dir, 'trajectories.jsonl'), dir);
    expect([result.stats.kept, result.stats.excluded]).toEqual([1, {}]);
    expect(result.stats.provenance).toEqual([{ policy: 'gold', model: 'gold', endpoint: null, samples: 1 }]);
    expect(summary.split('\n').at(-1)).toBe(
      "1 gold-policy replays kept on purpose (--include-gold): without a model endpoint the quickstart's " +
        'rollouts replay the gold patches',
    );
  });
});
