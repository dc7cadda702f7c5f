import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Trajectory } from '../../schema/trajectory.js';
import { runTrajgen } from './run-trajgen.js';
import { trajgenFixture, type TrajgenFixture } from './test-fixture.js';

let fixture: TrajgenFixture;
beforeAll(async () => {
  fixture = await trajgenFixture();
});

describe('trajgen --policy gold', () => {
  for (const format of ['native', 'text'] as const) {
    it(`replays every gold patch through the editor and resolves 100% of the examples (${format})`, async () => {
      const outDir = join(fixture.root, `gold-${format}`);
      const result = await runTrajgen(await fixture.options({ outDir, policy: 'gold', format }));
      expect(result.run.failures).toEqual([]);
      expect(result.summary).toMatchObject({
        trajectories: 5,
        instances: 5,
        resolved: 5,
        resolved_instances: 5,
        status_counts: { finished: 5 },
        error_steps: {},
      });
      const lines = (await readFile(join(outDir, 'trajectories.jsonl'), 'utf8')).trim().split('\n');
      expect(lines).toHaveLength(5);
      for (const line of lines) {
        const trajectory = Trajectory.parse(JSON.parse(line));
        expect([trajectory.policy, trajectory.model, trajectory.format]).toEqual(['gold', 'gold', format]);
        expect(trajectory.judgement).toMatchObject({
          status: 'resolved',
          resolution: 'FULL',
          partial: false,
        });
        expect(trajectory.steps.at(-1)!.tool).toBe('finish');
        expect(trajectory.steps.slice(0, -1).every((step) => step.tool === 'str_replace_editor')).toBe(true);
        const instance = fixture.byId(trajectory.instance_id.split('__')[1]!);
        expect(trajectory.patch).toBe(instance.patch);
        expect(trajectory.usage.model_calls).toBe(0);
      }
      const summary = JSON.parse(await readFile(join(outDir, 'summary.json'), 'utf8'));
      expect(summary.resolved).toBe(5);
    });
  }
});
