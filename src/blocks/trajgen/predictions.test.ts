import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { noUsage } from '../../llm/ledger.js';
import { writePredictions } from './predictions.js';

const trajectory = (id: string, sample: number, patch: string) => ({
  trajectory_id: `${id}#${sample}`,
  instance_id: id,
  repo: 'a/b',
  base_commit: 'abc1234',
  sample,
  policy: 'model',
  model: 'm',
  format: 'native',
  tools: [],
  messages: [],
  steps: [],
  status: 'finished',
  patch,
  dropped_files: [],
  judgement: null,
  resolved: sample === 1,
  partial: false,
  sampling: {},
  usage: noUsage(),
  duration_ms: 1,
  started_at: '2026-01-01T00:00:00.000Z',
});

describe('writePredictions', () => {
  it('writes the chosen sample of each instance, whatever the verdicts, and reports instances without it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lf-preds-'));
    const input = join(dir, 'trajectories.jsonl');
    const lines = [trajectory('x', 1, 'p-x1'), trajectory('x', 0, 'p-x0'), trajectory('y', 1, 'p-y1')];
    await writeFile(input, lines.map((line) => JSON.stringify(line)).join('\n') + '\n{broken\n');
    const out = join(dir, 'preds.jsonl');
    const result = await writePredictions({ trajectoriesPath: input, outPath: out, modelName: 'mine' });
    expect(
      (await readFile(out, 'utf8'))
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line)),
    ).toEqual([{ instance_id: 'x', model_name_or_path: 'mine', model_patch: 'p-x0' }]);
    expect(result.problems).toEqual([
      expect.stringContaining(`${input}:4: invalid JSON`),
      `${input}: instance y has no trajectory with sample 0; skipped`,
    ]);
  });
});
