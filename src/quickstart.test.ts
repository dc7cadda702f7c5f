import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { examplesKey } from './examples/build.js';
import { quickstartGuarantees } from './examples/guarantees.js';
import { hostPipIndexes } from './env/pip-options.js';
import {
  chooseSandbox,
  localIsolation,
  quickstartStages,
  runQuickstart,
  type QuickstartOptions,
} from './quickstart.js';
import { bubblewrapWorks } from './sandbox/index.js';
import { quickstartNumbers, quickstartVerdict } from './quickstart-verdict.js';

describe('chooseSandbox', () => {
  it('falls back to local without a daemon, and says how local confines the examples', async () => {
    const before = process.env['DOCKER_HOST'];
    process.env['DOCKER_HOST'] = 'unix:///nonexistent/docker.sock';
    try {
      expect(await chooseSandbox('auto')).toEqual({
        name: 'local',
        reason: `no Docker daemon answered (connect ENOENT /nonexistent/docker.sock); ${localIsolation(await bubblewrapWorks())}`,
      });
    } finally {
      if (before === undefined) delete process.env['DOCKER_HOST'];
      else process.env['DOCKER_HOST'] = before;
    }
  });

  it('says plainly when the examples run unconfined', () => {
    expect(localIsolation(false)).toBe(
      'running the example repositories unconfined: bubblewrap is not available; acceptable only because these repositories are ours',
    );
    expect(localIsolation(true)).toBe('commands run under bubblewrap, without network');
  });
});

describe('quickstartStages', () => {
  it('passes --workers and the cache to every stage', () => {
    const options: QuickstartOptions = {
      outDir: '/results',
      cacheDir: '/cache',
      sandbox: 'local',
      workers: 5,
      log: () => {},
    };
    const stages = quickstartStages({
      options,
      sandbox: 'local',
      repos: { 'o/r': '/cache/examples/x/o__r' },
    });
    const baselines = { instances: [], gold: [], empty: [] };
    const evalRun = stages.eval('/i.jsonl', 'gold');
    const [swegen, synth, trajgen, tts] = [
      stages.swegen(),
      stages.synth(),
      stages.trajgen('/v.jsonl'),
      stages.tts('/v.jsonl', baselines),
    ];
    expect([evalRun.workers, swegen.workers, synth.workers, trajgen.concurrency, tts.concurrency]).toEqual([
      5, 5, 5, 5, 5,
    ]);
    expect([evalRun.tasks.cacheDir, swegen.cacheDir, synth.cacheDir, trajgen.cacheDir, tts.cacheDir]).toEqual(
      ['/cache', '/cache', '/cache', '/cache', '/cache'],
    );
  });
});

describe('quickstart', () => {
  it(
    'resolves every gold patch and no empty one, validates 7 instances from history, and rolls them out with the gold policy; inputs live in the cache',
    // Cold: builds the examples' environments from nothing (npm and pip installs) in a fresh cache.
    { timeout: 900_000 },
    async () => {
      const lines: string[] = [];
      const outDir = await mkdtemp(join(tmpdir(), 'lf-quickstart-'));
      const cacheDir = await mkdtemp(join(tmpdir(), 'lf-quickstart-cache-'));
      const result = await runQuickstart({
        outDir,
        cacheDir,
        sandbox: 'local',
        workers: 2,
        pip: await hostPipIndexes(),
        progress: 'off',
        log: (line) => lines.push(line),
      });
      const [gold, empty] = result.runs.map((run) => run.result.summary);
      const { eval: ev } = quickstartGuarantees;
      expect(gold).toMatchObject({
        total_instances: ev.instances,
        resolved_instances: ev.goldResolved,
        error_instances: 0,
      });
      expect(empty).toMatchObject({
        total_instances: ev.instances,
        resolved_instances: ev.emptyResolved,
        unresolved_instances: 5,
      });
      expect(result.swegen?.validate.instances).toHaveLength(quickstartGuarantees.historyValidated);
      expect(result.synth?.ledger.strategies?.map((s) => [s.strategy, s.valid])).toEqual([
        ['procedural', quickstartGuarantees.synthValid.procedural],
        ['combine', quickstartGuarantees.synthValid.combine],
      ]);
      expect(result.trajgen?.policy).toBe('gold');
      expect(result.trajgen?.result.summary).toMatchObject(quickstartGuarantees.trajgenGold);
      expect(result.sft?.summary).toContain('7 trajectories read, 7 samples kept');
      expect(result.tts?.mode).toBe('baselines');
      expect(result.tts?.report.metrics.k.map((at) => [at.k, at.pass_at_k])).toEqual([
        [1, 0.5],
        [2, 1],
      ]);
      expect(quickstartVerdict(quickstartNumbers(result, false)).line).toBe(
        'quickstart: OK — every number matches what the examples guarantee',
      );
      expect(lines).toContain(
        'sandbox: local (chosen with --sandbox; commands run under bubblewrap, without network)',
      );
      // Results in --out; the example repositories and every work directory in the cache.
      expect((await readdir(outDir)).sort()).toEqual(['runs', 'sft', 'swegen']);
      expect(await readdir(join(cacheDir, 'examples'))).toEqual([examplesKey()]);
    },
  );
});
