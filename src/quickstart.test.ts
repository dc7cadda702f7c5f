import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hostPipIndexes } from './env/pip-options.js';
import { runQuickstart } from './quickstart.js';

describe('quickstart', () => {
  it('resolves every gold patch and no empty one, validates 7 instances from history, and rolls them out with the gold policy', async () => {
    const lines: string[] = [];
    const result = await runQuickstart({
      outDir: await mkdtemp(join(tmpdir(), 'lf-quickstart-')),
      sandbox: 'local',
      workers: 2,
      pip: await hostPipIndexes(),
      progress: 'off',
      log: (line) => lines.push(line),
    });
    const [gold, empty] = result.runs.map((run) => run.result.summary);
    expect(gold).toMatchObject({ total_instances: 5, resolved_instances: 5, error_instances: 0 });
    expect(empty).toMatchObject({ total_instances: 5, resolved_instances: 0, unresolved_instances: 5 });
    expect(result.swegen?.validate.instances).toHaveLength(7);
    expect(result.synth?.ledger.strategies?.map((s) => [s.strategy, s.valid])).toEqual([
      ['procedural', 8],
      ['combine', 4],
    ]);
    expect(result.trajgen?.policy).toBe('gold');
    expect(result.trajgen?.result.summary).toMatchObject({ trajectories: 7, resolved: 7 });
    expect(result.sft?.summary).toContain('7 trajectories read, 7 samples kept');
    expect(result.tts?.mode).toBe('baselines');
    expect(result.tts?.report.metrics.k.map((at) => [at.k, at.pass_at_k])).toEqual([
      [1, 0.5],
      [2, 1],
    ]);
    expect(lines).toContain(
      'sandbox: local (chosen with --sandbox; commands run under bubblewrap, without network)',
    );
  });
});
